package io.drctl.adapters.notify;

import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The events of a short run, as the engine emits them. */
final class RunEvents {
    static final String RUN = RecordingContext.RUN.runId();
    static final Instant T0 = Instant.parse("2026-11-22T10:15:00Z");

    private RunEvents() {}

    static RunEvent.RunStarted started() {
        return new RunEvent.RunStarted(
                T0,
                RUN,
                "chat-pangyo-to-gasan",
                "/plans/chat.yaml",
                "0".repeat(64),
                "failover",
                "alice",
                "ops-laptop",
                "pangyo is on fire",
                List.of("promote-db", "go-ahead", "reroute"));
    }

    static RunEvent.StepSucceeded succeeded(String step) {
        return new RunEvent.StepSucceeded(T0.plusSeconds(20), RUN, step, true, 3200, Map.of());
    }

    static RunEvent.StepFailed failed(String step, String message, boolean willRetry) {
        return new RunEvent.StepFailed(
                T0.plusSeconds(30), RUN, step, FailureKind.FAILED, message, 1, willRetry, false, 12_300, Map.of());
    }

    static RunEvent.ApprovalRequested approval() {
        return new RunEvent.ApprovalRequested(
                T0.plusSeconds(192),
                RUN,
                "go-ahead",
                "go-ahead.0a1b2c3d",
                "Gasan is healthy. Move traffic?",
                "0".repeat(64),
                "drctl approve --state-dir /var/lib/drctl " + RUN + " go-ahead");
    }

    static RunEvent.RunFinished finished() {
        return new RunEvent.RunFinished(
                T0.plusSeconds(250), RUN, RunOutcome.SUCCEEDED, 0, 250_000, "3 steps succeeded");
    }
}
