package io.drctl.engine;

/**
 * The one exit-code table of drctl (docs/architecture.md, "Exit codes"). Every command maps its outcome to one of
 * these; the CLI wires them into picocli in one place, and README.md documents them.
 */
public enum ExitCode {
    SUCCESS(0, "success"),
    STEP_FAILED(1, "a step failed; the run halted"),
    CHANGES_PENDING(2, "plan --detailed-exitcode: changes are pending"),
    BLOCKED(3, "blocked by a safety gate (guard, precondition, approval denied or timed out)"),
    NEEDS_HUMAN(4, "incomplete: needs a human (e.g. fencing unproven, rollback failed)"),
    USAGE(64, "usage error"),
    INVALID_PLAN(65, "invalid plan"),
    UNREACHABLE(69, "a required target is unreachable"),
    INTERNAL(70, "internal error (a bug)"),
    LOCKED(75, "another run holds the lock"),
    CONFIGURATION(
            78, "configuration problem found before the run started (a secret, file or setting it needs is missing)"),
    INTERRUPTED(130, "interrupted (Ctrl-C, or SIGTERM from a supervisor); the run can be resumed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
