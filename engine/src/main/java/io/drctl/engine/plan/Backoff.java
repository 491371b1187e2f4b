package io.drctl.engine.plan;

import java.time.Duration;

/** The wait between retry attempts: fixed, or doubling from {@code initial} up to {@code max}. */
public record Backoff(Type type, Duration initial, Duration max) {
    public enum Type {
        FIXED,
        EXPONENTIAL
    }

    public static final Backoff DEFAULT = new Backoff(Type.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        if (type == Type.FIXED) {
            return initial;
        }
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
