package io.drctl.engine.builtin;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code wait}: sleeps for a fixed time, e.g. until a DNS TTL has run out. */
public final class WaitStepType extends DocumentedStepType {
    static final String NAME = "wait";

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a wait step.")
            .required(
                    "duration",
                    Schema.duration("How long to wait, e.g. 30s, 5m, 1h30m. Must fit in the step's timeout."))
            .optional(
                    "reason",
                    Schema.string("Why the plan waits; shown by plan and in the live view, "
                                    + "e.g. \"old DNS answers expire (TTL 60s)\".")
                            .noSecrets());

    public WaitStepType() {
        super(
                NAME,
                "Waits for a fixed time, e.g. until a DNS TTL has run out or caches have drained.",
                PARAMETERS,
                """
                id: let-dns-expire
                type: wait
                needs: [reroute]
                with:
                  duration: 60s
                  reason: resolvers still hold the old record (TTL 60s)
                """);
    }

    /** The wait must fit in the attempt's timeout; saying so at validation beats failing mid-failover. */
    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        if (!(step.with().get("duration") instanceof Duration duration)) {
            return;
        }
        Duration timeout = step.timeout().orElse(defaultTimeout());
        if (duration.compareTo(timeout) >= 0) {
            String origin = step.timeout().isPresent() ? "the step's timeout " : "the default timeout ";
            validation.error(
                    "duration",
                    "waiting " + DurationText.canonical(duration) + " does not fit in "
                            + origin + DurationText.canonical(timeout) + "; give the step timeout: "
                            + DurationText.canonical(duration.plusMinutes(1)));
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new WaitStep();
    }
}
