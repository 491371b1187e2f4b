package io.drctl.adapters.dns;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.StateLocation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code dns.update}: puts RRsets in place in a zone of {@code spec.dns}, idempotently. */
public final class DnsUpdateStepType extends DocumentedStepType {
    static final String NAME = "dns.update";

    static final Schema.Str ZONE =
            Schema.string("The zone to change: a key of spec.dns.").noSecrets().pattern(PlanSchema.ID_PATTERN);

    static final Schema.Str RECORD_NAME = Schema.string("The record's name: relative to the zone (chat), @ for the "
                    + "zone itself, or absolute with a trailing dot (chat.example.com.).")
            .noSecrets();

    static final Schema.Enum TYPE = Schema.oneOf("The record type.", "A", "AAAA", "CNAME", "TXT");

    private static final Schema.Obj RECORD = Schema.object("One RRset to put in place of the one there.")
            .required("name", RECORD_NAME)
            .required("type", TYPE)
            .required(
                    "value",
                    Schema.anyOf(
                            "The value, or a list of values for several records of the type (e.g. "
                                    + "two addresses). A CNAME target without a trailing dot is relative to the zone, as in a zone file.",
                            Schema.string("One value.").noSecrets(),
                            Schema.array(
                                            "Several values.",
                                            Schema.string("One value.").noSecrets())
                                    .minItems(1)))
            .optional(
                    "ttl",
                    Schema.integer("The TTL in seconds. When absent the current TTL is kept (300 for a "
                                    + "new RRset).")
                            .min(0)
                            .max(2_147_483_647L));

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a dns.update step.")
            .required("zone", ZONE)
            .required(
                    "records",
                    Schema.array(
                                    "The RRsets to put in place; each replaces the RRset of its name and "
                                            + "type, and removes what cannot share its name (a CNAME and other data).",
                                    RECORD)
                            .minItems(1))
            .optional(
                    "waitForTtl",
                    Schema.bool("verify also waits until the TTL of what was replaced has passed since "
                            + "the change, so resolvers' caches no longer hold the old answer."),
                    false)
            .optional(
                    "ttlLoweredIn",
                    Schema.string("With waitForTtl: the id of the earlier run (e.g. a preparation run "
                                    + "days before; see drctl runs) whose dns.ttl steps lowered the TTL of these records; the wait lasts the TTL "
                                    + "each had before that run lowered it. The run must be in this state directory and must have lowered every "
                                    + "record this step replaces, else the step fails before changing anything.")
                            .noSecrets()
                            .pattern(StateLocation.RUN_ID_PATTERN));

    public DnsUpdateStepType() {
        super(
                NAME,
                "Puts DNS records in place (A, AAAA, CNAME, TXT) through the zone's provider, idempotently, "
                        + "and reports what they replaced.",
                PARAMETERS,
                """
                id: reroute
                type: dns.update
                needs: [go-ahead]
                with:
                  zone: public
                  records:
                    - { name: chat, type: A, value: 198.51.100.10, ttl: 30 }
                    - { name: status, type: CNAME, value: status.gasan.example.com. }
                  waitForTtl: true
                timeout: 15m
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        RecordChecks.validate(step, validation, true);
        if (step.with().containsKey("ttlLoweredIn")
                && !Boolean.TRUE.equals(step.with().get("waitForTtl"))) {
            validation.error(
                    "ttlLoweredIn",
                    "ttlLoweredIn says how long waitForTtl waits: set waitForTtl: true, or leave it out");
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new DnsUpdateStep();
    }
}
