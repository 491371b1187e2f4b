package io.drctl.engine.spi;

import java.util.List;

/** What a step's check found: nothing to do, a change to make, or a reason it must not run. */
public sealed interface CheckResult {

    /** One line for people. */
    String summary();

    record AlreadyDone(String summary) implements CheckResult {}

    /** {@code changes}: one line per change, e.g. {@code chat/api: replicas 6 → 0}. */
    record WillChange(String summary, List<String> changes) implements CheckResult {
        public WillChange {
            changes = List.copyOf(changes);
        }
    }

    /**
     * The step changes nothing: it observes or waits (probes, approvals, sleeps). The summary
     * says what it will do and, where it can, what it sees now.
     */
    record ReadOnly(String summary) implements CheckResult {}

    /** A safety gate: the step cannot proceed. A run stops with exit 3. */
    record Blocked(String summary) implements CheckResult {}

    static CheckResult alreadyDone(String summary) {
        return new AlreadyDone(summary);
    }

    static CheckResult willChange(String summary, String... changes) {
        return new WillChange(summary, List.of(changes));
    }

    static CheckResult readOnly(String summary) {
        return new ReadOnly(summary);
    }

    static CheckResult blocked(String reason) {
        return new Blocked(reason);
    }
}
