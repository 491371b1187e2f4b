package io.drctl.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs a step phase on its own thread, as the engine does, so a test can interrupt it (the
 * engine's timeout, Ctrl-C) and see how it ends.
 */
public final class StepThread {
    private final Thread thread;
    private volatile Object result;
    private volatile Throwable failure;
    private volatile long interruptedAt;
    private volatile long endedAt;

    private StepThread(String name, Callable<?> body) {
        this.thread = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                endedAt = System.nanoTime();
            }
        });
    }

    public static StepThread start(String name, Callable<?> body) {
        StepThread t = new StepThread(name, body);
        t.thread.start();
        return t;
    }

    public void interrupt() {
        interruptedAt = System.nanoTime();
        thread.interrupt();
    }

    /** Waits for the end, failing the test if it takes longer than {@code limit}; returns what was thrown, or null. */
    public Throwable awaitEnd(Duration limit) throws InterruptedException {
        thread.join(limit);
        assertThat(thread.isAlive())
                .as("%s still running after %s", thread.getName(), limit)
                .isFalse();
        return failure;
    }

    public Object result() {
        return result;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** How long the thread took to end after {@link #interrupt()}. */
    public Duration endedAfterInterrupt() {
        return Duration.ofNanos(endedAt - interruptedAt);
    }
}
