package io.drctl.engine.spi;

/** The step did not achieve what it should; retried per the step's retry policy. */
public class StepFailedException extends StepException {
    public StepFailedException(String message) {
        super(message, null);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
