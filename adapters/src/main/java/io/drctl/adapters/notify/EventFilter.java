package io.drctl.adapters.notify;

import io.drctl.engine.event.RunEvent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a channel wants to hear about. A step that fails is reported once, when no retry follows;
 * {@code every-step} adds every step's end (succeeded, failed, skipped).
 */
enum EventFilter {
    RUN_STARTED,
    RUN_FINISHED,
    STEP_FAILED,
    APPROVAL_REQUESTED,
    EVERY_STEP;

    static final List<String> DEFAULT = List.of("run-started", "run-finished", "step-failed", "approval-requested");

    String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String[] texts() {
        return Arrays.stream(values()).map(EventFilter::text).toArray(String[]::new);
    }

    static Optional<EventFilter> of(String text) {
        for (EventFilter f : values()) {
            if (f.text().equals(text)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Whether any of {@code wanted} asks for {@code event}. */
    static boolean wants(Collection<EventFilter> wanted, RunEvent event) {
        return switch (event) {
            case RunEvent.RunStarted ignored -> wanted.contains(RUN_STARTED);
            case RunEvent.RunResumed ignored -> wanted.contains(RUN_STARTED);
            case RunEvent.RunFinished ignored -> wanted.contains(RUN_FINISHED);
            case RunEvent.ApprovalRequested ignored -> wanted.contains(APPROVAL_REQUESTED);
            case RunEvent.StepFailed f ->
                !f.willRetry() && (wanted.contains(STEP_FAILED) || wanted.contains(EVERY_STEP));
            case RunEvent.StepSucceeded ignored -> wanted.contains(EVERY_STEP);
            case RunEvent.StepSkipped ignored -> wanted.contains(EVERY_STEP);
            default -> false;
        };
    }
}
