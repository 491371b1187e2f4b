package io.drctl.cli.report;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.run.RunStatuses;
import io.drctl.engine.run.StateDirectory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A finished run measured against its plan's objectives, as a rehearsal reports it: the RTO
 * measured from the journal (as in the report), met or missed. A plan without an RTO objective
 * cannot miss it.
 */
public record ObjectivesVerdict(Optional<Duration> rto, Optional<Duration> objective) {

    public static ObjectivesVerdict of(StateDirectory state, String runId, Objectives objectives) {
        RunStatuses statuses = new RunStatuses(state);
        RunReport report = RunReport.of(statuses.of(runId), statuses.journal(runId), objectives);
        return new ObjectivesVerdict(report.rto(), objectives.rto());
    }

    public boolean met() {
        return objective.isEmpty() || rto.map(r -> r.compareTo(objective.get()) <= 0).orElse(false);
    }

    public String text() {
        String measured = rto.map(DurationText::format).orElse("unknown");
        if (objective.isEmpty()) {
            return "RTO " + measured + " (the plan sets no RTO objective)";
        }
        return "RTO " + measured + (met() ? " within" : " MISSED: over") + " the objective of " + DurationText.format(objective.get());
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rtoMs", rto.map(Duration::toMillis).orElse(null));
        m.put("objectiveMs", objective.map(Duration::toMillis).orElse(null));
        m.put("met", met());
        return m;
    }
}
