package io.drctl.adapters.database;

import io.drctl.engine.spi.StepContext;

/**
 * Whether a check runs for {@code drctl plan}: then no earlier step has run, so a guard that
 * depends on them (a fence, an approval) says what will happen rather than blocking.
 */
final class Preview {
    private Preview() {}

    static boolean isPreview(StepContext ctx) {
        return ctx.preview();
    }
}
