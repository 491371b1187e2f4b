package io.drctl.engine.run;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.ApprovalDenied;
import io.drctl.engine.event.RunEvent.ApprovalGiven;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.event.RunEvent.RunFinished;
import io.drctl.engine.event.RunEvent.RunResumed;
import io.drctl.engine.event.RunEvent.RunStarted;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.journal.JournalContents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a run stands, read from its journal: for {@code drctl status}, {@code drctl runs} and
 * bots. {@code state} is the last session's outcome, {@code running} while a live process holds
 * the plan's lock for this run, or {@code crashed} when neither (the process died mid-run).
 */
public record RunStatus(
        String runId,
        String planName,
        String planFile,
        String planSha256,
        String mode,
        String operator,
        String host,
        String reason,
        Instant startedAt,
        Optional<Instant> finishedAt,
        String state,
        Optional<Integer> exitCode,
        String summary,
        List<StepStatus> steps,
        List<PendingApproval> pendingApprovals,
        boolean journalVerifies,
        String journalProblem,
        boolean tornTail) {

    public record StepStatus(
            String id, String state, int attempts, long elapsedMs, String detail, Map<String, Object> outputs) {}

    public record PendingApproval(String stepId, String requestId, String message, String command) {}

    public static RunStatus of(JournalContents journal, Optional<PlanLock.Holder> lockHolder) {
        RunStarted started = journal.first(RunStarted.class).orElseThrow();
        Map<String, MutableStep> steps = new LinkedHashMap<>();
        started.steps().forEach(id -> steps.put(id, new MutableStep(id)));
        Map<String, ApprovalRequested> open = new LinkedHashMap<>();
        RunEvent lastSessionEvent = started;
        for (RunEvent e : journal.events()) {
            MutableStep s = e.stepId() == null ? null : steps.computeIfAbsent(e.stepId(), MutableStep::new);
            switch (e) {
                case RunResumed r -> lastSessionEvent = r;
                case RunFinished f -> lastSessionEvent = f;
                case StepStarted x -> {
                    s.state = "running";
                    s.attempts = x.attempt();
                    s.startedAt = s.startedAt == null ? x.at() : s.startedAt;
                }
                case StepChecked c -> s.detail = c.summary();
                case StepProgress p -> s.detail = p.message();
                case StepSucceeded ok -> {
                    s.state = "succeeded";
                    s.elapsedMs = ok.elapsedMs();
                    s.detail = ok.applied() ? "done" : "already done";
                    s.outputs = ok.outputs();
                }
                case StepFailed f -> {
                    s.state = f.willRetry() ? "running" : f.continued() ? "failed-continued" : "failed";
                    s.elapsedMs = f.elapsedMs();
                    s.detail = f.kind().name().toLowerCase().replace('_', ' ') + ": " + f.message();
                }
                case StepSkipped k -> {
                    if (k.reason() != SkipReason.ALREADY_COMPLETED) {
                        s.state = k.reason() == SkipReason.HALTED ? "not-run" : "skipped";
                        s.detail = k.detail();
                    }
                }
                case ApprovalRequested a -> {
                    open.put(a.requestId(), a);
                    s.state = "waiting-approval";
                    s.detail = a.message();
                }
                case ApprovalGiven g -> {
                    open.remove(g.requestId());
                    s.detail = "approved by " + g.who();
                }
                case ApprovalDenied d -> {
                    open.remove(d.requestId());
                    s.detail = "denied by " + d.who();
                }
                case RunStarted r -> {}
                case RunEvent.Notice n -> {}
                case RunEvent.StepOverridden o ->
                    s.detail = o.action() + " requested by " + o.operator() + ": " + o.reason();
            }
        }
        boolean live = lockHolder.map(h -> h.runId().equals(started.runId())).orElse(false);
        String state;
        Optional<Integer> exit = Optional.empty();
        Optional<Instant> finishedAt = Optional.empty();
        String summary;
        if (lastSessionEvent instanceof RunFinished f) {
            state = f.outcome().name().toLowerCase().replace('_', '-');
            exit = Optional.of(f.exitCode());
            finishedAt = Optional.of(f.at());
            summary = f.summary();
        } else if (live) {
            state = "running";
            summary = "in progress";
        } else {
            state = "crashed";
            summary = "the process stopped without recording an end; continue with: drctl resume " + started.runId();
        }
        List<StepStatus> stepStatuses = new ArrayList<>();
        for (MutableStep s : steps.values()) {
            String st = !live && !(lastSessionEvent instanceof RunFinished) && s.state.equals("running")
                    ? "interrupted"
                    : s.state;
            stepStatuses.add(new StepStatus(s.id, st, s.attempts, s.elapsedMs, s.detail, s.outputs));
        }
        // The counts of the whole run, from the table itself, not from the last session's end line.
        String counts = RunSummary.ofStates(
                        stepStatuses.stream().map(StepStatus::state).toList())
                .text();
        summary = lastSessionEvent instanceof RunFinished ? counts : summary + " (" + counts + ")";
        List<PendingApproval> pending = (live ? open.values().stream() : Stream.<ApprovalRequested>empty())
                .map(a -> new PendingApproval(a.stepId(), a.requestId(), a.message(), a.command()))
                .toList();
        return new RunStatus(
                started.runId(),
                started.planName(),
                started.planFile(),
                started.planSha256(),
                started.mode(),
                started.operator(),
                started.host(),
                started.reason(),
                started.at(),
                finishedAt,
                state,
                exit,
                summary,
                List.copyOf(stepStatuses),
                pending,
                journal.chainVerifies(),
                journal.chainError().orElse(""),
                journal.tornTail());
    }

    /** The open approval request of a step, if the journal shows one without a decision. */
    public static Optional<ApprovalRequested> openRequest(JournalContents journal, String stepId) {
        Map<String, ApprovalRequested> open = new LinkedHashMap<>();
        for (RunEvent e : journal.events()) {
            switch (e) {
                case ApprovalRequested a when a.stepId().equals(stepId) -> open.put(a.requestId(), a);
                case ApprovalGiven g -> open.remove(g.requestId());
                case ApprovalDenied d -> open.remove(d.requestId());
                default -> {}
            }
        }
        return open.values().stream().reduce((a, b) -> b);
    }

    private static final class MutableStep {
        final String id;
        String state = "pending";
        int attempts;
        long elapsedMs;
        Instant startedAt;
        String detail = "";
        Map<String, Object> outputs = Map.of();

        MutableStep(String id) {
            this.id = id;
        }
    }
}
