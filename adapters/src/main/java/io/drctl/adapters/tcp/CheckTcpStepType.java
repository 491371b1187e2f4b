package io.drctl.adapters.tcp;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/** {@code check.tcp}: connects to a TCP port until it accepts connections enough times in a row. */
public final class CheckTcpStepType extends DocumentedStepType {
    static final String NAME = "check.tcp";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a check.tcp step.")
            .required(
                    "host",
                    Schema.string("The host name or IP address to connect to.").noSecrets())
            .required("port", Schema.integer("The TCP port.").min(1).max(65535))
            .optional(
                    "connectTimeout",
                    Schema.duration("How long one connection attempt (name lookup included) may "
                            + "take before it counts as failed."),
                    DEFAULT_CONNECT_TIMEOUT)
            .optional(
                    "consecutive",
                    Schema.integer("How many successful connections in a row verify needs; a "
                                    + "failed one starts the count again.")
                            .min(1),
                    1L)
            .optional("interval", Schema.duration("The pause between attempts."), DEFAULT_INTERVAL);

    public CheckTcpStepType() {
        super(NAME, "Connects to a TCP port until it accepts connections, enough times in a row.", PARAMETERS, """
                id: gasan-db-port
                type: check.tcp
                needs: [promote-db]
                timeout: 2m
                with:
                  host: pg.gasan.internal
                  port: 5432
                  connectTimeout: 2s
                  consecutive: 3
                  interval: 1s
                """);
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new CheckTcpStep();
    }
}
