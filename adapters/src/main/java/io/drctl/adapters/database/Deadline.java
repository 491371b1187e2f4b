package io.drctl.adapters.database;

import io.drctl.engine.spi.StepContext;
import java.time.Duration;
import java.time.Instant;

/** Time left in the step's attempt, so waits end before the engine's timeout does. */
final class Deadline {
    /** Kept back so that a step reports its own, more telling failure before a bare timeout. */
    static final Duration MARGIN = Duration.ofMillis(500);

    private Deadline() {}

    static Duration left(StepContext ctx) {
        Duration left = Duration.between(Instant.now(), ctx.deadline()).minus(MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
