package io.drctl.engine.spi;

/**
 * The step's target (a site's API server, a database, a DNS server) did not answer. With
 * {@code ifUnreachable: skip} the step is recorded as skipped-unreachable and the run goes
 * on; otherwise the run exits 69.
 */
public class TargetUnreachableException extends StepException {
    private final String target;

    public TargetUnreachableException(String target, String message, Throwable cause) {
        super(message, cause);
        this.target = target;
    }

    public TargetUnreachableException(String target, String message) {
        this(target, message, null);
    }

    public String target() {
        return target;
    }
}
