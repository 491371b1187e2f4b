package io.drctl.engine.event;

/** Why a step did not run. */
public enum SkipReason {
    /** Its {@code when} excludes the run's mode. */
    NOT_IN_MODE,
    /** Its target did not answer and it says {@code ifUnreachable: skip}. */
    UNREACHABLE,
    /** The run halted before it could start (a failure, a gate, an interrupt). */
    HALTED,
    /** Completed in an earlier session of this run (resume). */
    ALREADY_COMPLETED,
    /**
     * A person skipped it at a resume ({@code drctl resume RUN --skip STEP --reason ...}), e.g. a
     * step that keeps failing on a site that is gone; it records no outputs, so a skipped fence
     * counts as unproven for later guards.
     */
    BY_OPERATOR
}
