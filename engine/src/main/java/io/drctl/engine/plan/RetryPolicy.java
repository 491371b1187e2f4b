package io.drctl.engine.plan;

/** {@code retry}: how many attempts a step gets in all, and the wait between them. */
public record RetryPolicy(int attempts, Backoff backoff) {
    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.DEFAULT);
}
