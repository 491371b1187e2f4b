package io.drctl.adapters.database;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code db.promote}: promotes a standby, guarded against losing too much data and against a split brain. */
public final class DbPromoteStepType extends DocumentedStepType {
    public static final String NAME = "db.promote";
    static final Duration DEFAULT_PROMOTE_TIMEOUT = Duration.ofSeconds(60);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a db.promote step.")
            .required("database", DatabaseTarget.DATABASE)
            .required("member", DatabaseTarget.member("The standby to promote"))
            .optional(
                    "maxLag",
                    Schema.anyOf(
                            "How far behind the standby may be: a duration, or bytes and/or time. "
                                    + "Further behind, the promotion stops with exit 3 unless acceptDataLoss is true or an approval step "
                                    + "comes between the fence and this step. Without maxLag, spec.objectives.rpo applies as a time.",
                            Schema.duration("The most time the standby may be behind."),
                            Schema.object("Limits in bytes and in time; each one given must hold.")
                                    .optional(
                                            "bytes",
                                            Schema.integer(
                                                            "The most WAL or binary log bytes the standby may be behind.")
                                                    .min(0))
                                    .optional("time", Schema.duration("The most time the standby may be behind."))))
            .optional(
                    "acceptDataLoss",
                    Schema.bool(
                            "Promote even when the standby is further behind than maxLag; the " + "record says so."),
                    false)
            .optional(
                    "acceptSplitBrainRisk",
                    Schema.bool("Promote even when another member may still accept writes: it "
                            + "answers and accepts writes, or it does not answer and was not proven fenced in this run. The record "
                            + "says so."),
                    false)
            .optional(
                    "promoteTimeout",
                    Schema.duration("How long the promotion itself may take: applying what the standby "
                            + "has received and taking over as primary."),
                    DEFAULT_PROMOTE_TIMEOUT);

    public DbPromoteStepType() {
        super(
                NAME,
                "Promotes a standby database member to primary, unless it lags more than allowed or another member "
                        + "may still accept writes.",
                PARAMETERS,
                """
                id: promote-db
                type: db.promote
                needs: [fence-db]
                with:
                  database: chat
                  member: gasan
                  maxLag: { bytes: 16777216, time: 30s }
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        Optional<DatabaseSpec> db = DatabaseTarget.validate(step, validation);
        if (step.with().get("maxLag") instanceof Map<?, ?> limits
                && limits.get("bytes") == null
                && limits.get("time") == null) {
            validation.error("maxLag", "give bytes, time, or both");
        }
        if (db.isEmpty() || validation.plan() == null) {
            return;
        }
        PlanGraph graph = new PlanGraph(validation.plan());
        Set<String> before = graph.ancestorsOf(step.id());
        Object member = step.with().get("member");
        for (StepDefinition other : validation.plan().steps()) {
            if (!other.type().equals(DbFenceStepType.NAME)
                    || !db.get().name().equals(other.with().get("database"))) {
                continue;
            }
            if (member != null && member.equals(other.with().get("member"))) {
                validation.error(
                        "member", "step " + other.id() + " fences " + member + ", the member this step promotes");
            } else if (!before.contains(other.id())) {
                validation.error(
                        "database",
                        "step " + other.id() + " fences a member of " + db.get().name()
                                + ": this step must come after it (add it to needs), or both may run at once");
            }
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new DbPromoteStep();
    }
}
