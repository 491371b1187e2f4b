package io.drctl.cli.report;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report says about one run, read from its journal (across every resume) and measured
 * against the plan's objectives: the data every format renders, so the formats cannot disagree.
 *
 * @param rto   run start → the end of the last step that succeeded (empty when none did)
 * @param rpo   the data-loss windows accepted at promotion (db.promote's {@code dataLossWindow}), by step
 */
public record RunReport(
        RunStatus status,
        Objectives objectives,
        List<StepTiming> steps,
        Optional<Duration> rto,
        Map<String, String> rpo,
        List<String> approvals,
        List<String> acceptances,
        List<String> notices) {

    /** One step's place on the run's time line. */
    public record StepTiming(
            String id,
            String state,
            int attempts,
            Optional<Instant> start,
            Optional<Instant> end,
            String detail,
            Map<String, Object> outputs) {
        public Optional<Duration> duration() {
            return start.isPresent() && end.isPresent()
                    ? Optional.of(Duration.between(start.get(), end.get()))
                    : Optional.empty();
        }
    }

    public static RunReport of(RunStatus status, JournalContents journal, Objectives objectives) {
        Map<String, Instant> starts = new LinkedHashMap<>();
        Map<String, Instant> ends = new LinkedHashMap<>();
        List<String> approvals = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (RunEvent e : journal.events()) {
            switch (e) {
                case RunEvent.StepStarted s -> starts.putIfAbsent(s.stepId(), s.at());
                case RunEvent.StepSucceeded s -> ends.put(s.stepId(), s.at());
                case RunEvent.StepFailed f when !f.willRetry() -> ends.put(f.stepId(), f.at());
                case RunEvent.ApprovalGiven g ->
                    approvals.add(g.stepId() + ": approved by " + g.who() + " at " + g.at() + " (" + g.how() + ")"
                            + (g.comment() == null || g.comment().isBlank() ? "" : ": " + g.comment()));
                case RunEvent.ApprovalDenied d ->
                    approvals.add(d.stepId() + ": denied by " + d.who() + " at " + d.at() + " (" + d.how() + ")"
                            + (d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment()));
                case RunEvent.StepOverridden o ->
                    notices.add(o.stepId() + ": " + o.action() + " by " + o.operator() + " at " + o.at() + ": "
                            + o.reason());
                case RunEvent.Notice n ->
                    notices.add(n.level() + " from " + n.source() + " at " + n.at() + ": " + n.message());
                default -> {}
            }
        }
        List<StepTiming> steps = new ArrayList<>();
        Map<String, String> rpo = new LinkedHashMap<>();
        List<String> acceptances = new ArrayList<>();
        Optional<Instant> lastSuccess = Optional.empty();
        for (RunStatus.StepStatus s : status.steps()) {
            Optional<Instant> end = Optional.ofNullable(ends.get(s.id()));
            steps.add(new StepTiming(
                    s.id(),
                    s.state(),
                    s.attempts(),
                    Optional.ofNullable(starts.get(s.id())),
                    end,
                    s.detail(),
                    s.outputs()));
            if (s.state().equals("succeeded")
                    && end.isPresent()
                    && (lastSuccess.isEmpty() || end.get().isAfter(lastSuccess.get()))) {
                lastSuccess = end;
            }
            Object window = s.outputs().get("dataLossWindow");
            if (window != null) {
                rpo.put(s.id(), String.valueOf(window));
            }
            for (String key : List.of("dataLossAcceptedBy", "splitBrainRiskAcceptedBy")) {
                Object by = s.outputs().get(key);
                if (by != null) {
                    acceptances.add(s.id() + ": " + (key.startsWith("dataLoss") ? "data loss" : "split-brain risk")
                            + " accepted by " + by);
                }
            }
            if ("unproven".equals(s.outputs().get("fenced"))) {
                acceptances.add(s.id() + ": fence unproven");
            }
        }
        Optional<Duration> rto = lastSuccess.map(t -> Duration.between(status.startedAt(), t));
        return new RunReport(status, objectives, List.copyOf(steps), rto, rpo, approvals, acceptances, notices);
    }

    /** Whether the measured RTO is within the objective; empty when either is unknown. */
    public Optional<Boolean> rtoMet() {
        return objectives.rto().flatMap(limit -> rto.map(r -> r.compareTo(limit) <= 0));
    }
}
