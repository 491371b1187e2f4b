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
            .optional(
                    "ifUnproven",
                    Schema.oneOf(
                            "When the member does not answer, the fence cannot be proven. continue: "
                                    + "the step succeeds with the output fenced: unproven, and a later db.promote of this database goes on "
                                    + "only with acceptSplitBrainRisk: true or an approval step after this one. stop: the run ends with "
                                    + "exit 4 for a human to decide.",
                            "continue",
                            "stop"),
                    "continue")
            .optional(
                    "method",
                    Schema.oneOf(
                            "readOnly: make new sessions read-only (PostgreSQL: default_transaction_read_only; "
                                    + "MariaDB/MySQL: read_only) and end the other client sessions — a session can undo it with SET. "
                                    + "rejectConnections (PostgreSQL): that, and shut the application out, which no session setting undoes: "
                                    + "the database's appRoles can no longer log in and its appDatabases refuse new connections; db.promote "
                                    + "lets them in again on the new primary (the change replicates to it).",
                            "readOnly",
                            DbFenceStep.REJECT_CONNECTIONS),
                    "readOnly");

    public DbFenceStepType() {
        super(
                NAME,
                "Makes a database member stop accepting writes and proves it, or records that it could not.",
                PARAMETERS,
                """
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
        if (!DbFenceStep.REJECT_CONNECTIONS.equals(step.with().get("method"))
                || validation.plan() == null
                || !(step.with().get("database") instanceof String name)) {
            return;
        }
        DatabaseSpec.find(validation.plan(), name).ifPresent(database -> {
            if (!database.engine().dialect().canRejectConnections()) {
                validation.error(
                        "method",
                        "rejectConnections is for PostgreSQL; a "
                                + database.engine().text() + " member is fenced with readOnly");
            } else if (!database.application().named()) {
                validation.error(
                        "method",
                        "rejectConnections shuts out the application of database " + name
                                + ", which names none: give it appRoles and/or appDatabases in spec.databases." + name);
            }
        });
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new DbFenceStep();
    }
}
