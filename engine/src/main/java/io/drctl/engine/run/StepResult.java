package io.drctl.engine.run;

import io.drctl.engine.event.FailureKind;

/** How a step ended in one session of a run. */
public sealed interface StepResult {

    /** Whether steps that need this one may start. */
    boolean satisfiesDependents();

    record Succeeded(boolean applied) implements StepResult {
        public boolean satisfiesDependents() {
            return true;
        }
    }

    record Skipped() implements StepResult {
        public boolean satisfiesDependents() {
            return true;
        }
    }

    /** {@code continued}: {@code onFailure: continue} let the run go on past it. */
    record Failed(FailureKind kind, String message, boolean continued) implements StepResult {
        public boolean satisfiesDependents() {
            return continued;
        }
    }
}
