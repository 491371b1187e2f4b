package io.drctl.engine.plan;

/** {@code onFailure}: whether a failed step halts the run or the run continues past it. */
public enum FailurePolicy {
    HALT,
    CONTINUE
}
