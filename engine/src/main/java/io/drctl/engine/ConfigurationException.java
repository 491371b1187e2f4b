package io.drctl.engine;

import java.util.List;

/**
 * What a plan needs from its configuration and does not have, found before anything started:
 * every problem on its own line (the CLI prints one line each), exit 78.
 */
public final class ConfigurationException extends DrctlException {
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(
                ExitCode.CONFIGURATION,
                "the plan cannot run (nothing was started, no run record was made): " + problems.size()
                        + " configuration problem" + (problems.size() == 1 ? "" : "s") + ": "
                        + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
