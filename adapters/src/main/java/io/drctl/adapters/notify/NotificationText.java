package io.drctl.adapters.notify;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.RunInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Words for the events people in an incident channel care about: what happened, to which plan, in
 * which mode, how long it has taken, and what to do about an approval.
 */
final class NotificationText {
    private final RunInfo run;
    private volatile Instant sessionStart;

    NotificationText(RunInfo run) {
        this.run = run;
    }

    /** The message for {@code event}, or empty for events that are not told to people. */
    Optional<Notification> of(RunEvent event) {
        return Optional.ofNullable(
                switch (event) {
                    case RunEvent.RunStarted s -> {
                        sessionStart = s.at();
                        List<String> details = new ArrayList<>();
                        details.add("Run " + s.runId() + " by " + s.operator() + " on " + s.host() + ", "
                                + s.steps().size() + (s.steps().size() == 1 ? " step" : " steps") + ".");
                        if (s.reason() != null && !s.reason().isBlank()) {
                            details.add("Reason: " + s.reason());
                        }
                        yield message(
                                "Run started: plan " + run.planName() + " (" + mode() + ")",
                                details,
                                null,
                                "started",
                                Duration.ZERO,
                                null);
                    }
                    case RunEvent.RunResumed r -> {
                        sessionStart = r.at();
                        List<String> details = new ArrayList<>(
                                List.of("Run " + r.runId() + " resumed by " + r.operator() + " on " + r.host() + "."));
                        if (r.planChangeAccepted()) {
                            details.add("The plan changed since the run started; the change was accepted.");
                        }
                        yield message(
                                "Run resumed: plan " + run.planName() + " (" + mode() + ")",
                                details,
                                null,
                                "resumed",
                                Duration.ZERO,
                                null);
                    }
                    case RunEvent.RunFinished f ->
                        message(
                                "Run " + outcome(f.outcome().name()) + ": plan " + run.planName() + " (" + mode()
                                        + ") after " + DurationText.format(Duration.ofMillis(f.elapsedMs())),
                                List.of(f.summary() + " (exit " + f.exitCode() + ")"),
                                null,
                                f.outcome().name().toLowerCase(Locale.ROOT),
                                Duration.ofMillis(f.elapsedMs()),
                                null);
                    case RunEvent.StepFailed f ->
                        message(
                                "Step " + f.stepId() + " " + failure(f.kind().name()) + ": plan " + run.planName()
                                        + " (" + mode() + ") after "
                                        + DurationText.format(Duration.ofMillis(f.elapsedMs())),
                                List.of(f.message()
                                        + (f.continued() ? " — the plan continues past it (onFailure: continue)" : "")),
                                f.stepId(),
                                f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                                Duration.ofMillis(f.elapsedMs()),
                                null);
                    case RunEvent.StepSucceeded s ->
                        message(
                                "Step " + s.stepId() + " succeeded" + (s.applied() ? "" : " (already done)") + ": plan "
                                        + run.planName() + " (" + mode() + ") after "
                                        + DurationText.format(Duration.ofMillis(s.elapsedMs())),
                                List.of(),
                                s.stepId(),
                                "succeeded",
                                Duration.ofMillis(s.elapsedMs()),
                                null);
                    case RunEvent.StepSkipped s ->
                        message(
                                "Step " + s.stepId() + " skipped: plan " + run.planName() + " (" + mode() + ")",
                                s.detail() == null || s.detail().isBlank() ? List.of() : List.of(s.detail()),
                                s.stepId(),
                                "skipped",
                                null,
                                null);
                    case RunEvent.ApprovalRequested a ->
                        message(
                                "Approval needed for step " + a.stepId() + ": plan " + run.planName() + " (" + mode()
                                        + "), " + DurationText.format(sinceStart(a.at())) + " into the run",
                                List.of(a.message()),
                                a.stepId(),
                                "waiting for approval",
                                sinceStart(a.at()),
                                a.command());
                    default -> null;
                });
    }

    private Notification message(
            String headline, List<String> details, String step, String state, Duration elapsed, String command) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Plan", run.planName());
        facts.put("Mode", mode());
        facts.put("Run", run.runId());
        if (step != null) {
            facts.put("Step", step);
        }
        facts.put("State", state);
        if (elapsed != null) {
            facts.put("Elapsed", DurationText.format(elapsed));
        }
        return new Notification(headline, details, facts, Optional.ofNullable(command));
    }

    private String mode() {
        return run.mode().text();
    }

    private Duration sinceStart(Instant at) {
        Instant start = sessionStart;
        return start == null || at.isBefore(start) ? Duration.ZERO : Duration.between(start, at);
    }

    private static String outcome(String outcome) {
        return switch (outcome) {
            case "SUCCEEDED" -> "succeeded";
            case "FAILED" -> "FAILED";
            case "BLOCKED" -> "BLOCKED by a safety gate";
            case "NEEDS_HUMAN" -> "needs a human";
            case "UNREACHABLE" -> "stopped: a target is unreachable";
            case "INTERRUPTED" -> "interrupted";
            default -> outcome.toLowerCase(Locale.ROOT);
        };
    }

    private static String failure(String kind) {
        return switch (kind) {
            case "BLOCKED" -> "BLOCKED";
            case "NEEDS_HUMAN" -> "needs a human";
            case "UNREACHABLE" -> "FAILED: target unreachable";
            case "TIMED_OUT" -> "TIMED OUT";
            case "INTERRUPTED" -> "interrupted";
            default -> "FAILED";
        };
    }
}
