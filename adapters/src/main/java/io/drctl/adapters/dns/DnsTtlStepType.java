package io.drctl.adapters.dns;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code dns.ttl}: lowers the TTL of RRsets ahead of a planned switch, values untouched. */
public final class DnsTtlStepType extends DocumentedStepType {
    static final String NAME = "dns.ttl";

    private static final Schema.Obj RECORD = Schema.object("One RRset whose TTL to lower.")
            .required("name", DnsUpdateStepType.RECORD_NAME)
            .required("type", DnsUpdateStepType.TYPE);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a dns.ttl step.")
            .required("zone", DnsUpdateStepType.ZONE)
            .required(
                    "records",
                    Schema.array("The RRsets whose TTL to lower.", RECORD).minItems(1))
            .required(
                    "ttl",
                    Schema.integer("The TTL in seconds to lower them to; an RRset whose TTL is already this "
                                    + "or lower is left alone.")
                            .min(0)
                            .max(2_147_483_647L))
            .optional(
                    "waitForTtl",
                    Schema.bool("verify also waits until the old TTL has passed since the change, so "
                            + "every cache holds the short TTL and a switch made afterwards spreads within it."),
                    false);

    public DnsTtlStepType() {
        super(
                NAME,
                "Lowers the TTL of DNS records ahead of a planned switch, so that the switch reaches resolvers "
                        + "quickly; values stay as they are.",
                PARAMETERS,
                """
                id: shorten-ttl
                type: dns.ttl
                with:
                  zone: public
                  records:
                    - { name: chat, type: A }
                    - { name: status, type: CNAME }
                  ttl: 30
                  waitForTtl: true
                timeout: 2h
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        RecordChecks.validate(step, validation, false);
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new DnsTtlStep();
    }
}
