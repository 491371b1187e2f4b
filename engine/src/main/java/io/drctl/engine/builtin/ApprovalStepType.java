package io.drctl.engine.builtin;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code approval}: waits for a human decision before the plan goes on. */
public final class ApprovalStepType extends DocumentedStepType {
    static final String NAME = "approval";

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of an approval step.")
            .required(
                    "message",
                    Schema.string("The question put to the approver; say what happens when they "
                                    + "approve, e.g. \"Gasan is healthy. Move traffic?\".")
                            .noSecrets());

    public ApprovalStepType() {
        super(
                NAME,
                "Waits for a human to approve (terminal prompt, drctl approve, or a bot) before the plan goes on.",
                PARAMETERS,
                """
                id: go-ahead
                type: approval
                needs: [verify-gasan]
                timeout: 30m
                with:
                  message: Gasan is healthy. Move traffic?
                """);
    }

    /** People need time to read, think and ask; thirty minutes is a deliberate, documented default. */
    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(30);
    }

    /** Nobody said yes: that is a safety gate holding, not a failure of the step. */
    @Override
    public TimeoutMeaning onTimeout() {
        return TimeoutMeaning.BLOCKED;
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new ApprovalStep();
    }
}
