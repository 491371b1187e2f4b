package io.drctl.adapters.database;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code db.check}: probes a database member until it is what the plan expects. */
public final class DbCheckStepType extends DocumentedStepType {
    public static final String NAME = "db.check";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a db.check step.")
            .required("database", DatabaseTarget.DATABASE)
            .required("member", DatabaseTarget.member("The member to probe"))
            .optional(
                    "expect",
                    Schema.oneOf(
                            "What the member must be. answers: it answers (and query, if given, "
                                    + "runs); primary / standby: its role; writable: a new session can write; readOnly: it cannot.",
                            DbCheck.Expectation.names()),
                    "answers")
            .optional(
                    "query",
                    Schema.string("A SQL query to run in a read-only transaction; with equals, the first "
                                    + "column of its first row must be that text.")
                            .noSecrets())
            .optional(
                    "equals",
                    Schema.string("The text the query's first value must equal (NULL or no row never " + "does).")
                            .noSecrets())
            .optional("interval", Schema.duration("The pause between probes."), DEFAULT_INTERVAL);

    public DbCheckStepType() {
        super(
                NAME,
                "Probes a database member with SQL until it answers as expected (up, a role, writable, a value).",
                PARAMETERS,
                """
                id: gasan-db-writable
                type: db.check
                needs: [promote-db]
                timeout: 2m
                with:
                  database: chat
                  member: gasan
                  expect: writable
                  query: SELECT count(*) > 0 FROM messages
                  equals: t
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        DatabaseTarget.validate(step, validation);
        if (step.with().get("equals") != null && step.with().get("query") == null) {
            validation.error("equals", "needs a query whose first value it compares");
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new DbCheckStep();
    }
}
