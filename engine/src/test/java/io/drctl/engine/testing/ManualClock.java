package io.drctl.engine.testing;

import io.drctl.engine.spi.StepClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StepClock} for unit tests: time stands still until a step sleeps, and a sleep moves
 * it forward at once by exactly what was asked. Every pause is recorded, so a test asserts "waited
 * 500ms, then 1s, then 1s" or "never paused" without depending on how busy the machine is.
 * Safe to use from several threads (their pauses add up, as if taken one after another).
 */
public final class ManualClock implements StepClock {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at a fixed, arbitrary instant. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sleeping " + duration);
        }
        synchronized (this) {
            sleeps.add(duration);
            if (duration.isPositive()) {
                now = now.plus(duration);
            }
        }
    }

    /** Moves time forward without anyone sleeping, e.g. to make a recorded change old. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Every pause asked for, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** The sum of every pause asked for. */
    public synchronized Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
