package io.drctl.engine.plan;

import java.util.Locale;

/** Why a plan is being executed; a step's {@code when} names the modes it runs in. */
public enum Mode {
    FAILOVER,
    REHEARSAL;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromText(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
