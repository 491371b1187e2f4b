package io.drctl.cli.command;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.ApprovalBroker.PreApprovals;
import io.drctl.engine.run.RunSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code resume}. */
public final class RunOptions {
    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why this run happens; recorded in the journal and report.")
    String reason = "";

    @Option(names = "--operator", paramLabel = "NAME", description = "Who runs it (default: $USER).")
    String operator;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "How many steps may run at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + RunSettings.DEFAULT_PARALLELISM)
    int parallelism = RunSettings.DEFAULT_PARALLELISM;

    @Option(
            names = {"-y", "--yes"},
            description = "Approve every approval step ahead of time (automation). Recorded as such.")
    boolean yes;

    @Option(
            names = "--approve",
            paramLabel = "STEP",
            split = ",",
            description = "Approve these approval steps ahead of time.")
    List<String> approve = List.of();

    PreApprovals preApprovals(Plan plan) {
        Set<String> steps = new LinkedHashSet<>(approve);
        for (String id : steps) {
            var step = plan.step(id)
                    .orElseThrow(() -> new DrctlException(
                            ExitCode.USAGE,
                            "--approve names step '" + id + "', which plan " + plan.name() + " does not have"));
            if (!step.type().equals("approval")) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--approve names step '" + id + "', which is a " + step.type() + " step, not an approval");
            }
        }
        return new PreApprovals(yes, Set.copyOf(steps));
    }

    void checkParallelism() {
        if (parallelism < 1) {
            throw new DrctlException(ExitCode.USAGE, "--parallelism must be at least 1, got " + parallelism);
        }
    }
}
