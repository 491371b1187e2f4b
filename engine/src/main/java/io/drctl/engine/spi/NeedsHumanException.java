package io.drctl.engine.spi;

/** The step cannot decide safely and a human must (e.g. fencing unproven): never retried; the run exits 4. */
public class NeedsHumanException extends StepException {
    public NeedsHumanException(String message) {
        super(message, null);
    }

    public NeedsHumanException(String message, Throwable cause) {
        super(message, cause);
    }
}
