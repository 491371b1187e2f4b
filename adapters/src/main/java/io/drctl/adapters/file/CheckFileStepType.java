package io.drctl.adapters.file;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;

/**
 * {@code check.file}: waits until a file exists and is fresh enough — e.g. the marker a backup
 * job writes in the surviving site, checked before promoting or restoring from it.
 */
public final class CheckFileStepType extends DocumentedStepType {
    static final String NAME = "check.file";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a check.file step.")
            .required(
                    "path",
                    Schema.string("The file to check, on the machine drctl runs on (e.g. a mounted "
                                    + "backup volume).")
                            .noSecrets())
            .optional(
                    "maxAge",
                    Schema.duration(
                            "How recently the file must have been modified. Without it, " + "existing is enough."))
            .optional(
                    "minBytes",
                    Schema.integer("The smallest size that counts, in bytes; an empty or cut-off "
                                    + "file is not a backup.")
                            .min(0),
                    1L)
            .optional("interval", Schema.duration("The pause between looks while verify waits."), DEFAULT_INTERVAL);

    public CheckFileStepType() {
        super(NAME, "Waits until a file exists, is large enough and was modified recently enough.", PARAMETERS, """
                id: backup-is-fresh
                type: check.file
                timeout: 2m
                with:
                  path: /mnt/gasan-backups/chat/LATEST
                  maxAge: 1h
                  minBytes: 1
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(1);
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new CheckFileStep();
    }
}
