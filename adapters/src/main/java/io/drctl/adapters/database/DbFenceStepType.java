package io.drctl.adapters.database;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code db.fence}: makes a member stop accepting writes, and proves it. */
public final class DbFenceStepType extends DocumentedStepType {
    public static final String NAME = "db.fence";

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a db.fence step.")
            .required("database", DatabaseTarget.DATABASE)
            .required("member", DatabaseTarget.member("The member to fence, usually the old primary"))
            .optional("ifUnproven", Schema.oneOf("When the member does not answer, the fence cannot be proven. continue: "
                    + "the step succeeds with the output fenced: unproven, and a later db.promote of this database goes on "
                    + "only with acceptSplitBrainRisk: true or an approval step after this one. stop: the run ends with "
                    + "exit 4 for a human to decide.", "continue", "stop"), "continue");

    public DbFenceStepType() {
        super(NAME, "Makes a database member stop accepting writes and proves it, or records that it could not.",
                PARAMETERS, """
                id: fence-db
                type: db.fence
                with:
                  database: chat
                  member: pangyo
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(1);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        DatabaseTarget.validate(step, validation);
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new DbFenceStep();
    }
}
