package io.drctl.engine.spi;

/** A safety gate stopped the step (guard, precondition, denied approval): never retried; the run exits 3. */
public class SafetyGateException extends StepException {
    public SafetyGateException(String message) {
        super(message, null);
    }

    public SafetyGateException(String message, Throwable cause) {
        super(message, cause);
    }
}
