package io.drctl.engine.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a step reads and waits by. In a run it is the system's; a unit test gives a clock it
 * moves by hand, so a test of "waits an hour for the TTL" or "fails at once" asserts what was
 * waited for instead of timing the machine it happens to run on.
 *
 * <p>Steps that pause between polls or retries should sleep through {@link StepContext#clock()}
 * and compare {@link #now()} with {@link StepContext#deadline()}, which the same clock set.
 */
public interface StepClock {
    /** The current instant. */
    Instant now();

    /** Pauses the calling thread for {@code duration}; an interrupt ends the pause at once. */
    void sleep(Duration duration) throws InterruptedException;

    /** The machine's clock and {@link Thread#sleep(Duration)}. */
    StepClock SYSTEM = new StepClock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        }

        @Override
        public String toString() {
            return "system clock";
        }
    };
}
