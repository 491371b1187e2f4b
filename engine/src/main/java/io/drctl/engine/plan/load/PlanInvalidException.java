package io.drctl.engine.plan.load;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import java.util.List;

/**
 * A plan file that is not a valid plan. It carries every violation found, sorted by position;
 * the message is the first one, so a one-line error still points at something to fix.
 */
public final class PlanInvalidException extends DrctlException {
    private final List<Violation> violations;

    public PlanInvalidException(List<Violation> violations) {
        super(ExitCode.INVALID_PLAN, summary(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid plan has at least one violation");
        }
        String first = violations.getFirst().toString();
        return violations.size() == 1 ? first : first + " (and " + (violations.size() - 1) + " more)";
    }
}
