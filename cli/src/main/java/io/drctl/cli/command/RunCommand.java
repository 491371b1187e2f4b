package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunResult;
import io.drctl.engine.run.RunSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Execute a plan: check, apply and verify every step in dependency order, journaling everything.")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", description = "The plan file.")
    Path planFile;

    @Option(
            names = "--mode",
            paramLabel = "failover|rehearsal",
            defaultValue = "failover",
            description = "Why the plan runs; steps with 'when' run only in their modes (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        options.checkParallelism();
        Plan plan = root.loader().load(planFile, mode);
        try (RunPresenter presenter = new RunPresenter(root, plan)) {
            RunSettings settings = new RunSettings(
                    mode,
                    options.parallelism,
                    root.operator(options.operator),
                    root.host(),
                    options.reason,
                    options.preApprovals(plan),
                    presenter.prompter(),
                    root.engineEnvironment(),
                    root.approveCommandPrefix());
            RunEngine engine = new RunEngine(root.language(), root.stateDirectory(), root.redactor());
            RunResult result = presenter.execute(engine.start(plan, settings, presenter.listeners()));
            return result.outcome().exitCode().code();
        }
    }
}
