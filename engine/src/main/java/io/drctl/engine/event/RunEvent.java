package io.drctl.engine.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens in a run, as data. The journal, the renderers and (later)
 * notifications are listeners of these; {@link EventCodec} gives each its stable JSON form.
 */
public sealed interface RunEvent {

    Instant at();

    String runId();

    /** The step this event concerns, or null for run-level events. */
    default String stepId() {
        return null;
    }

    record RunStarted(
            Instant at,
            String runId,
            String planName,
            String planFile,
            String planSha256,
            String mode,
            String operator,
            String host,
            String reason,
            List<String> steps)
            implements RunEvent {}

    record RunResumed(
            Instant at,
            String runId,
            String operator,
            String host,
            String reason,
            boolean planChangeAccepted,
            String planSha256)
            implements RunEvent {}

    record RunFinished(Instant at, String runId, RunOutcome outcome, int exitCode, long elapsedMs, String summary)
            implements RunEvent {}

    record StepStarted(Instant at, String runId, String stepId, String type, int attempt) implements RunEvent {}

    /** {@code result}: already-done, will-change, read-only or blocked. */
    record StepChecked(Instant at, String runId, String stepId, String result, String summary, List<String> changes)
            implements RunEvent {}

    record StepProgress(Instant at, String runId, String stepId, String message) implements RunEvent {}

    record StepSucceeded(
            Instant at, String runId, String stepId, boolean applied, long elapsedMs, Map<String, Object> outputs)
            implements RunEvent {}

    /**
     * {@code outputs}: what the attempt recorded before it failed (e.g. a command's stderr tail).
     * {@code willRetry}: another attempt follows. {@code continued}: the plan says
     * {@code onFailure: continue}, so the run goes on past it.
     */
    record StepFailed(
            Instant at,
            String runId,
            String stepId,
            FailureKind kind,
            String message,
            int attempt,
            boolean willRetry,
            boolean continued,
            long elapsedMs,
            Map<String, Object> outputs)
            implements RunEvent {}

    record StepSkipped(Instant at, String runId, String stepId, SkipReason reason, String detail) implements RunEvent {}

    /**
     * A person overrode the record of a step at a resume: {@code action} {@code redo} runs a
     * completed step again (e.g. a fence someone undid by hand while the run was stopped). Who and
     * why are part of the record.
     */
    record StepOverridden(Instant at, String runId, String stepId, String action, String operator, String reason)
            implements RunEvent {}

    /**
     * Something people should know that is not a step's own story: a notification channel that
     * keeps failing, a lease taken over from a dead holder. {@code stepId} may be null.
     * {@code level}: info or warning. {@code source}: who says it, e.g. {@code notify/slack-incident}.
     */
    record Notice(Instant at, String runId, String stepId, String level, String source, String message)
            implements RunEvent {}

    /** {@code requestId} binds a decision to this very request (run, step, plan hash, attempt). */
    record ApprovalRequested(
            Instant at,
            String runId,
            String stepId,
            String requestId,
            String message,
            String planSha256,
            String command)
            implements RunEvent {}

    record ApprovalGiven(
            Instant at, String runId, String stepId, String requestId, String who, String how, String comment)
            implements RunEvent {}

    record ApprovalDenied(
            Instant at, String runId, String stepId, String requestId, String who, String how, String comment)
            implements RunEvent {}
}
