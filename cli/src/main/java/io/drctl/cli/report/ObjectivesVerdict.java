package io.drctl.cli.report;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.run.RunStatuses;
import io.drctl.engine.run.StateDirectory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished run measured against its plan's objectives, as a rehearsal reports it: the RTO
 * measured from the journal (as in the report), and the RPO as the data-loss window accepted at
 * each promotion, each met or missed. A window that could not be measured as a time (unknown, or
 * only in bytes) misses an RPO objective: unknown is never reported as within it. A plan without
 * an objective cannot miss it; a run without a promotion measures no RPO.
 */
public record ObjectivesVerdict(
        Optional<Duration> rto, Optional<Duration> objective, Rpo rpo, Optional<Duration> rpoObjective) {

    /**
     * The data lost at promotion, the worst over the run's promotions. {@code promotions}: how many
     * there were; {@code worst}: the longest window measured as a time, empty when there was none
     * or one could not be (then {@code unknownBecause} says why).
     */
    public record Rpo(int promotions, Optional<Duration> worst, Optional<String> unknownBecause) {
        /** From the outputs of the steps that recorded a data-loss window (db.promote). */
        static Rpo of(List<Map<String, Object>> promotions) {
            Duration worst = Duration.ZERO;
            for (Map<String, Object> outputs : promotions) {
                if ("unknown".equals(outputs.get("lag")) || !(outputs.get("lagMs") instanceof Number ms)) {
                    return new Rpo(
                            promotions.size(),
                            Optional.empty(),
                            Optional.of(String.valueOf(outputs.get("dataLossWindow"))));
                }
                Duration window = Duration.ofMillis(ms.longValue());
                worst = window.compareTo(worst) > 0 ? window : worst;
            }
            return new Rpo(
                    promotions.size(), promotions.isEmpty() ? Optional.empty() : Optional.of(worst), Optional.empty());
        }
    }

    public static ObjectivesVerdict of(StateDirectory state, String runId, Objectives objectives) {
        RunStatuses statuses = new RunStatuses(state);
        RunReport report = RunReport.of(statuses.of(runId), statuses.journal(runId), objectives);
        List<Map<String, Object>> promotions = report.steps().stream()
                .map(RunReport.StepTiming::outputs)
                .filter(o -> o.containsKey("dataLossWindow"))
                .toList();
        return new ObjectivesVerdict(report.rto(), objectives.rto(), Rpo.of(promotions), objectives.rpo());
    }

    public boolean rtoMet() {
        return objective.isEmpty()
                || rto.map(r -> r.compareTo(objective.get()) <= 0).orElse(false);
    }

    public boolean rpoMet() {
        if (rpoObjective.isEmpty() || rpo.promotions() == 0) {
            return true;
        }
        return rpo.worst().map(w -> w.compareTo(rpoObjective.get()) <= 0).orElse(false);
    }

    public boolean met() {
        return rtoMet() && rpoMet();
    }

    public String text() {
        String measured = rto.map(DurationText::format).orElse("unknown");
        String rtoText = objective.isEmpty()
                ? "RTO " + measured + " (the plan sets no RTO objective)"
                : "RTO " + measured + (rtoMet() ? " within" : " MISSED: over") + " the objective of "
                        + DurationText.format(objective.get());
        return rtoText + "; " + rpoText();
    }

    private String rpoText() {
        if (rpo.promotions() == 0) {
            return "RPO not measured (no promotion in this run)";
        }
        String measured = rpo.worst()
                .map(DurationText::format)
                .orElse("unknown (" + rpo.unknownBecause().orElse("?") + ")");
        if (rpoObjective.isEmpty()) {
            return "RPO " + measured + " (the plan sets no RPO objective)";
        }
        return "RPO " + measured + (rpoMet() ? " within" : " MISSED: over, or not known to be within,")
                + " the objective of " + DurationText.format(rpoObjective.get());
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rtoMs", rto.map(Duration::toMillis).orElse(null));
        m.put("objectiveMs", objective.map(Duration::toMillis).orElse(null));
        m.put("rpoMs", rpo.worst().map(Duration::toMillis).orElse(null));
        rpo.unknownBecause().ifPresent(why -> m.put("rpoUnknownBecause", why));
        m.put("rpoObjectiveMs", rpoObjective.map(Duration::toMillis).orElse(null));
        m.put("rtoMet", rtoMet());
        m.put("rpoMet", rpoMet());
        m.put("met", met());
        return m;
    }
}
