package io.drctl.engine.run;

import io.drctl.engine.spi.Approvals.Decision;
import java.util.Optional;

/** Asks the operator at the terminal (the CLI provides it when stdin is a TTY). */
@FunctionalInterface
public interface ApprovalPrompter {
    /** Blocks for an answer; empty when the terminal gave none (e.g. end of input). */
    Optional<Decision> ask(String runId, String stepId, String message, String approveCommand);
}
