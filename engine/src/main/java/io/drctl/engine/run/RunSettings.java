package io.drctl.engine.run;

import io.drctl.engine.plan.Mode;
import java.util.Map;
import java.util.Optional;

/**
 * How one session of a run executes: who runs it and why, how wide it may go, what is
 * approved ahead of time, and where secrets come from.
 *
 * @param environment          the variables {@code ${env:NAME}} resolves against
 * @param approveCommandPrefix what another process types to approve, e.g. {@code drctl approve}
 */
public record RunSettings(
        Mode mode,
        int parallelism,
        String operator,
        String host,
        String reason,
        ApprovalBroker.PreApprovals preApprovals,
        Optional<ApprovalPrompter> prompter,
        Map<String, String> environment,
        String approveCommandPrefix) {

    public static final int DEFAULT_PARALLELISM = 8;

    public RunSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }
}
