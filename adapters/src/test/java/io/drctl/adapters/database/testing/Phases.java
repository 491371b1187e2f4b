package io.drctl.adapters.database.testing;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.FakeStepContext;

/** Runs a step's phases the way the engine does: check; apply unless already done or blocked; verify. */
public final class Phases {
    private Phases() {}

    /** What a run of the phases came to: the check's answer, and what was thrown (null: nothing). */
    public record Outcome(CheckResult check, Exception failure) {
        public boolean blocked() {
            return check instanceof CheckResult.Blocked;
        }

        public boolean succeeded() {
            return failure == null && !blocked();
        }

        public boolean alreadyDone() {
            return check instanceof CheckResult.AlreadyDone;
        }

        @Override
        public String toString() {
            return "check: " + (check == null ? "-" : check.getClass().getSimpleName() + " " + check.summary())
                    + (failure == null ? "" : "; failure: " + failure);
        }
    }

    public static Outcome run(StepType type, FakeStepContext ctx) {
        Step step = type.bind(ctx.definition());
        CheckResult check = null;
        try {
            check = step.check(ctx);
            if (check instanceof CheckResult.Blocked) {
                return new Outcome(check, null);
            }
            if (!(check instanceof CheckResult.AlreadyDone)) {
                step.apply(ctx);
            }
            step.verify(ctx);
            return new Outcome(check, null);
        } catch (Exception e) {
            return new Outcome(check, e);
        }
    }
}
