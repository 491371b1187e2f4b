package io.drctl.engine;

/**
 * An expected error: something the user can act on. The CLI prints its message as one line
 * (no stack trace unless -v) and exits with its code.
 */
public class DrctlException extends RuntimeException {
    private final ExitCode exitCode;

    public DrctlException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DrctlException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
