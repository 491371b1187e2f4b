package io.drctl.engine.spi;

/** Base of the failures a step reports on purpose; the message is one line for people. */
public abstract class StepException extends Exception {
    protected StepException(String message, Throwable cause) {
        super(message, cause);
    }
}
