package io.drctl.engine.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where drctl keeps state on this machine, decided in one place for the engine (runs, locks)
 * and for adapters that keep files beside the runs (capacity snapshots): {@code DRCTL_STATE_DIR}
 * when set (the CLI sets it from {@code --state-dir}), else the XDG base-directory default.
 */
public final class StateLocation {
    /** The variable the CLI sets to its state directory ({@code --state-dir}). */
    public static final String VARIABLE = "DRCTL_STATE_DIR";
    /** What a run id looks like (its UTC start and a random suffix, e.g. 20261122-031500-7f3a), for plans that name a run. */
    public static final String RUN_ID_PATTERN = "\\d{8}-\\d{6}-[0-9a-f]{4}";

    private StateLocation() {}

    /** The state directory {@code env} names, or the default location. */
    public static Path root(Map<String, String> env) {
        String dir = env.get(VARIABLE);
        return dir != null && !dir.isBlank() ? Path.of(dir) : defaultRoot(env);
    }

    /** Where the runs of state directory {@code root} keep their state, one directory per run id. */
    public static Path runsDirectory(Path root) {
        return root.resolve("runs");
    }

    /** The default location: {@code $XDG_STATE_HOME/drctl} if absolute, else {@code ~/.local/state/drctl}. */
    public static Path defaultRoot(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "drctl");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "drctl");
    }
}
