package io.drctl.engine.run;

import io.drctl.engine.spi.CheckResult;

/** The names check results have in events and JSON output. */
public final class CheckResults {
    private CheckResults() {}

    public static String kind(CheckResult r) {
        return switch (r) {
            case CheckResult.AlreadyDone d -> "already-done";
            case CheckResult.WillChange w -> "will-change";
            case CheckResult.ReadOnly o -> "read-only";
            case CheckResult.Blocked b -> "blocked";
        };
    }
}
