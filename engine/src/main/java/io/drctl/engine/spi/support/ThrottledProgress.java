package io.drctl.engine.spi.support;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Forwards progress messages at most once per interval; between emissions only the newest
 * message is kept ("last line wins"). Progress is journaled, so a command printing thousands
 * of lines a second must not become thousands of journal lines, yet the live view should still
 * end on the latest state: call {@link #flushIfDue()} while waiting and {@link #flush()} at the
 * end. Safe to use from several threads (e.g. a process's stdout and stderr readers).
 */
public final class ThrottledProgress {
    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastEmit;
    private boolean emittedOnce;
    private String pending;

    public ThrottledProgress(Consumer<String> sink, Duration interval) {
        this(sink, interval, System::nanoTime);
    }

    ThrottledProgress(Consumer<String> sink, Duration interval, LongSupplier nanoClock) {
        this.sink = Objects.requireNonNull(sink);
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Emits {@code message} now if the interval has passed, otherwise keeps it as the pending one. */
    public synchronized void offer(String message) {
        pending = message;
        flushIfDue();
    }

    /** Emits the pending message if there is one and the interval has passed. */
    public synchronized void flushIfDue() {
        if (pending != null && (!emittedOnce || nanoClock.getAsLong() - lastEmit >= intervalNanos)) {
            emitPending();
        }
    }

    /** Emits the pending message, if any, regardless of the interval. */
    public synchronized void flush() {
        if (pending != null) {
            emitPending();
        }
    }

    private void emitPending() {
        String message = pending;
        pending = null;
        lastEmit = nanoClock.getAsLong();
        emittedOnce = true;
        sink.accept(message);
    }
}
