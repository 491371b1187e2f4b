package io.drctl.engine.event;

import io.drctl.engine.ExitCode;

/** How a run (or one session of it, before a resume) ended, and the exit code that says so. */
public enum RunOutcome {
    SUCCEEDED(ExitCode.SUCCESS),
    FAILED(ExitCode.STEP_FAILED),
    BLOCKED(ExitCode.BLOCKED),
    NEEDS_HUMAN(ExitCode.NEEDS_HUMAN),
    UNREACHABLE(ExitCode.UNREACHABLE),
    INTERRUPTED(ExitCode.INTERRUPTED);

    private final ExitCode exitCode;

    RunOutcome(ExitCode exitCode) {
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
