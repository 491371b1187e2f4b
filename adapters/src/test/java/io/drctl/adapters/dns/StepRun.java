package io.drctl.adapters.dns;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.FakeStepContext;

/** Runs a bound step the way the engine's attempt does: check, apply unless already done, verify. */
final class StepRun {
    private StepRun() {}

    /** Returns what check said. */
    static CheckResult run(StepType type, FakeStepContext ctx) throws Exception {
        Step step = type.bind(ctx.definition());
        CheckResult check = step.check(ctx);
        if (check instanceof CheckResult.Blocked b) {
            throw new AssertionError("check blocked: " + b.summary());
        }
        if (!(check instanceof CheckResult.AlreadyDone)) {
            step.apply(ctx);
        }
        step.verify(ctx);
        return check;
    }

    static CheckResult check(StepType type, FakeStepContext ctx) throws Exception {
        return type.bind(ctx.definition()).check(ctx);
    }
}
