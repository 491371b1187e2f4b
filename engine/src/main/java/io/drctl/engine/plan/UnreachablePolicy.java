package io.drctl.engine.plan;

/** {@code ifUnreachable}: what a step does when its target does not answer. */
public enum UnreachablePolicy {
    FAIL,
    SKIP
}
