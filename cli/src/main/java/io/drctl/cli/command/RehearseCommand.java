package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.report.ObjectivesVerdict;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunResult;
import io.drctl.engine.run.RunSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Run a plan as a rehearsal and measure it against its objectives (spec.objectives).",
                "Mode rehearsal: steps with when: [failover] are skipped, steps with when: [rehearsal] run, and spec.rehearsal",
                "(staging contexts, databases, zones) is merged over spec. Every other step runs for real against those",
                "targets: a plan without spec.rehearsal acts on its own (production) targets, and the run says so.",
                "Exit 0 when the run succeeds within its RTO, 3 when it succeeds but misses it; a failed run exits as a run does."})
public final class RehearseCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", description = "The plan file.")
    Path planFile;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        options.checkParallelism();
        Plan plan = root.loader().load(planFile, Mode.REHEARSAL);
        RunResult result;
        try (RunPresenter presenter = new RunPresenter(root, plan)) {
            RunSettings settings = new RunSettings(Mode.REHEARSAL, options.parallelism, root.operator(options.operator), root.host(),
                    options.reason, options.preApprovals(plan), presenter.prompter(), root.engineEnvironment(),
                    root.approveCommandPrefix());
            RunEngine engine = new RunEngine(root.language(), root.stateDirectory(), root.redactor());
            result = presenter.execute(engine.start(plan, settings, presenter.listeners()));
        }
        if (result.outcome() != RunOutcome.SUCCEEDED) {
            return result.outcome().exitCode().code();
        }
        ObjectivesVerdict verdict = ObjectivesVerdict.of(root.stateDirectory(), result.runId(), plan.objectives());
        if (root.output() == OutputFormat.JSON) {
            new JsonLinesRenderer(root.out(), root.redactor()).result("rehearsal.objectives", verdict.asMap());
        } else {
            root.out().println("rehearsal " + result.runId() + ": " + verdict.text());
            root.out().flush();
        }
        return verdict.met() ? ExitCode.SUCCESS.code() : ExitCode.BLOCKED.code();
    }
}
