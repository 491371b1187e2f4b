package io.drctl.adapters.database;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code database} and {@code member} every db.* step names: their schema, validation and lookup. */
final class DatabaseTarget {
    static final Schema.Str DATABASE =
            Schema.string("The database: a key of spec.databases.").noSecrets();

    private DatabaseTarget() {}

    static Schema.Str member(String role) {
        return Schema.string(role + ": a key of the database's members (a site name).")
                .noSecrets();
    }

    /** The member the step acts on. */
    static Member of(StepContext ctx) throws StepFailedException {
        String database = ctx.params().string("database");
        String member = ctx.params().string("member");
        DatabaseSpec spec = DatabaseSpec.find(ctx.plan(), database)
                .orElseThrow(() -> new StepFailedException("spec.databases has no database '" + database + "'"));
        return spec.member(member)
                .orElseThrow(() -> new StepFailedException("database " + database + " has no member '" + member + "'"));
    }

    /** The database and member of {@code step} exist in the plan; returns the database when it does. */
    static Optional<DatabaseSpec> validate(StepDefinition step, PlanValidation validation) {
        Plan plan = validation.plan();
        if (plan == null || !(step.with().get("database") instanceof String database)) {
            return Optional.empty();
        }
        Optional<DatabaseSpec> spec = DatabaseSpec.find(plan, database);
        if (spec.isEmpty()) {
            Set<String> known = plan.<Map<String, Object>>section(DatabasesSection.NAME)
                    .map(Map::keySet)
                    .orElse(Set.of());
            validation.error(
                    "database",
                    known.isEmpty()
                            ? "the plan has no spec.databases"
                            : "spec.databases has no database '" + database + "' (databases: "
                                    + String.join(", ", known) + ")");
            return Optional.empty();
        }
        if (step.with().get("member") instanceof String member
                && spec.get().member(member).isEmpty()) {
            validation.error(
                    "member",
                    "database " + database + " has no member '" + member + "' (members: "
                            + String.join(", ", spec.get().members().keySet()) + ")");
        }
        return spec;
    }
}
