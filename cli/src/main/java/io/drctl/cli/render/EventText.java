package io.drctl.cli.render;

import static io.drctl.cli.render.TerminalText.safe;

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
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.DurationText;
import java.time.Duration;
import java.util.Locale;

/** One line of text for people per event; shared by the plain printer and the live view. */
public final class EventText {
    private final Style style;
    private final boolean answerableHere;

    public EventText(Style style) {
        this(style, true);
    }

    /** {@code answerableHere}: an approval can be answered at this terminal (else only with drctl approve). */
    public EventText(Style style, boolean answerableHere) {
        this.style = style;
        this.answerableHere = answerableHere;
    }

    /** The event without its step prefix. */
    public String describe(RunEvent event) {
        return switch (event) {
            case RunStarted s ->
                "run " + safe(s.runId()) + " started: plan " + safe(s.planName()) + " (" + s.mode() + ") by "
                        + safe(s.operator()) + " on " + safe(s.host())
                        + (s.reason() == null || s.reason().isBlank() ? "" : ", reason: " + safe(s.reason()));
            case RunResumed r ->
                "run " + safe(r.runId()) + " resumed by " + safe(r.operator()) + " on " + safe(r.host())
                        + (r.planChangeAccepted() ? " with a changed plan (accepted)" : "");
            case RunFinished f -> outcome(f);
            case StepStarted s -> "started" + (s.attempt() > 1 ? " (attempt " + s.attempt() + ")" : "");
            case StepChecked c ->
                "check: " + safe(c.summary())
                        + (c.changes().isEmpty()
                                ? ""
                                : " ["
                                        + String.join(
                                                "; ",
                                                c.changes().stream()
                                                        .map(TerminalText::safe)
                                                        .toList()) + "]");
            case StepProgress p -> safe(p.message());
            case StepSucceeded s ->
                style.ok("✓") + " " + (s.applied() ? "done" : "already done") + " in "
                        + DurationText.format(Duration.ofMillis(s.elapsedMs()));
            case StepFailed f ->
                style.bad("✗") + " " + f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                        + safe(f.message())
                        + (f.willRetry() ? " (will retry)" : f.continued() ? " (onFailure: continue)" : "");
            case StepSkipped s -> "– skipped: " + safe(s.detail());
            case ApprovalRequested a ->
                style.warn("?") + " approval needed: " + safe(a.message())
                        + (answerableHere ? " — approve here, or with: " : " — approve with: ") + safe(a.command())
                        + " [--deny]";
            case ApprovalGiven g ->
                style.ok("✓") + " approved by " + safe(g.who()) + " (" + safe(g.how()) + ")"
                        + comment(safe(g.comment()));
            case ApprovalDenied d ->
                style.bad("✗") + " denied by " + safe(d.who()) + " (" + safe(d.how()) + ")"
                        + comment(safe(d.comment()));
            case RunEvent.Notice n ->
                (n.level().equals("warning") ? style.warn("! ") : "") + safe(n.source()) + ": " + safe(n.message());
            case RunEvent.StepOverridden o ->
                style.warn("↻") + " " + safe(o.action()) + " requested by " + safe(o.operator()) + ": "
                        + safe(o.reason());
        };
    }

    /** The event as a log line: step in brackets, or the run's own. */
    public String line(RunEvent event) {
        return event.stepId() == null ? describe(event) : "[" + event.stepId() + "] " + describe(event);
    }

    public String outcome(RunFinished f) {
        String elapsed = DurationText.format(Duration.ofMillis(f.elapsedMs()));
        String word = switch (f.outcome()) {
            case SUCCEEDED -> style.ok("succeeded");
            case FAILED -> style.bad("failed");
            case BLOCKED -> style.bad("blocked by a safety gate");
            case NEEDS_HUMAN -> style.warn("stopped: needs a human");
            case UNREACHABLE -> style.bad("failed: a required target is unreachable");
            case INTERRUPTED -> style.warn("interrupted");
        };
        String hint = f.outcome() == RunOutcome.SUCCEEDED ? "" : "; continue with: drctl resume " + f.runId();
        return "run " + f.runId() + " " + word + " after " + elapsed + ": " + f.summary() + " (exit " + f.exitCode()
                + ")" + hint;
    }

    private static String comment(String c) {
        return c == null || c.isBlank() ? "" : ": " + c;
    }
}
