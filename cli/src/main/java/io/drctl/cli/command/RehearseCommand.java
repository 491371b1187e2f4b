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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "rehearse",
        mixinStandardHelpOptions = true,
        description = {
            "Run a plan as a rehearsal and measure it against its objectives (spec.objectives).",
            "Mode rehearsal: steps with when: [failover] are skipped, steps with when: [rehearsal] run, and spec.rehearsal "
                    + "(staging contexts, databases, zones) is merged over spec. Every other step runs for real against those "
                    + "targets: a plan without spec.rehearsal acts on its own (production) targets, and the run says so.",
            "Exit 0 when the run succeeds within its RTO and RPO (the data-loss window accepted at promotion; unknown misses it), "
                    + "3 when it succeeds but misses either; a failed run exits as a run does."
        })
public final class RehearseCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", description = "The plan file.")
    Path planFile;

    @Option(
            names = "--sandbox",
            paramLabel = "SEED",
            description =
                    "Rehearse against simulated copies of the plan's Kubernetes sites, seeded from SEED: manifests (e.g. "
                            + "exported from production; see drctl sandbox up --seed), or a capacity snapshot (the file drctl snapshot "
                            + "saves), from which workloads are made at their recorded counts with the labels the plan's selectors need. "
                            + "Nothing real moves. Each drained site's capacity is recorded first, as its scheduled snapshot would have "
                            + "been. Plans whose rehearsal acts on databases or DNS are refused (mark those steps when: [failover]).")
    Path sandboxSeed;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        options.checkParallelism();
        Plan plan = root.loader().load(planFile, Mode.REHEARSAL);
        RunResult result;
        SandboxRehearsal sandbox = sandboxSeed == null
                ? null
                : SandboxRehearsal.start(
                        plan,
                        sandboxSeed,
                        root.stateDirectory().root().resolve("rehearsal-sandbox"),
                        root.engineEnvironment());
        try (RunPresenter presenter = new RunPresenter(root, plan)) {
            if (sandbox != null) {
                presenter.beforeExit(sandbox.stop());
                if (root.output() == OutputFormat.TEXT) {
                    root.out()
                            .println("rehearsing against a sandbox seeded from " + sandboxSeed + " (simulated sites: "
                                    + String.join(", ", sandbox.sites().keySet()) + "); nothing real moves");
                    root.out().flush();
                }
            }
            String reason = sandbox == null
                    ? options.reason
                    : (options.reason == null || options.reason.isBlank() ? "" : options.reason + "; ")
                            + "against a sandbox seeded from " + sandboxSeed;
            RunSettings settings = new RunSettings(
                    Mode.REHEARSAL,
                    options.parallelism,
                    root.operator(options.operator),
                    root.host(),
                    reason,
                    options.preApprovals(plan),
                    presenter.prompter(),
                    sandbox == null ? root.engineEnvironment() : sandbox.environment(),
                    root.approveCommandPrefix());
            RunEngine engine = new RunEngine(root.language(), root.stateDirectory(), root.redactor());
            result = presenter.execute(engine.start(plan, settings, presenter.listeners()));
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
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
