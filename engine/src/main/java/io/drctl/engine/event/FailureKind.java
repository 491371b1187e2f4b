package io.drctl.engine.event;

/** Why a step attempt failed; decides retries and the run's exit code. */
public enum FailureKind {
    /** The step did not achieve its aim. Retried per policy. */
    FAILED,
    /** The attempt ran out of time and was interrupted. Retried per policy. */
    TIMED_OUT,
    /** The target did not answer (and {@code ifUnreachable} is {@code fail}). Retried per policy. */
    UNREACHABLE,
    /** A safety gate stopped it. Never retried. */
    BLOCKED,
    /** Only a human can decide how to go on. Never retried. */
    NEEDS_HUMAN,
    /** The run was interrupted (Ctrl-C) while the step ran. */
    INTERRUPTED;

    public boolean retryable() {
        return this == FAILED || this == TIMED_OUT || this == UNREACHABLE;
    }
}
