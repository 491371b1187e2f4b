package io.drctl.engine.builtin;

import io.drctl.engine.spi.Approvals;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;

/** A bound {@code approval} step: apply asks and blocks until someone decides or the step times out. */
final class ApprovalStep implements Step {

    @Override
    public CheckResult check(StepContext ctx) throws StepFailedException {
        return CheckResult.readOnly("will ask: " + ctx.params().string("message"));
    }

    @Override
    public void apply(StepContext ctx) throws StepFailedException, SafetyGateException, InterruptedException {
        String message = ctx.params().string("message");
        // No progress lines here: the engine's approval.requested / given / denied events say it.
        Approvals.Decision decision = ctx.approvals().await(message);
        String who = present(decision.who()) ? decision.who() : "an unnamed approver";
        if (!decision.approved()) {
            throw new SafetyGateException("approval denied by " + who
                    + (present(decision.comment()) ? ": " + oneLine(decision.comment()) : ""));
        }
        ctx.output("approvedBy", who);
        if (present(decision.how())) {
            ctx.output("how", decision.how());
        }
        if (decision.at() != null) {
            ctx.output("at", decision.at().toString());
        }
        if (present(decision.comment())) {
            ctx.output("comment", decision.comment());
        }
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    /** Exception messages are one line for people; a multi-line comment keeps its first line there. */
    private static String oneLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
