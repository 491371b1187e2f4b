package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunResult;
import io.drctl.engine.run.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a run that stopped (crash, interrupt, failure) without repeating what it did.",
            "Completed steps are not applied again; the step that was in flight starts with its check. A run that is "
                    + "not in this state directory is restored from the plan's state site (spec.state) when --plan names the plan."
        })
public final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "RUN", description = "The run id (see 'drctl runs').")
    String runId;

    @Option(
            names = "--plan",
            paramLabel = "FILE",
            description = "The plan file (default: the file the run started from, else the run's frozen copy).")
    Path planFile;

    @Option(
            names = "--accept-plan-change",
            description = "Resume even though the plan changed since the run started (recorded).")
    boolean acceptPlanChange;

    @Option(
            names = "--redo",
            paramLabel = "STEP",
            split = ",",
            description = {
                "Run this completed step again (repeatable), e.g. a fence someone undid by hand while the run was stopped.",
                "Completed steps that need it run again too (an approval given after it, a check of it).",
                "Needs --reason; journaled with who asked and why before anything runs."
            })
    Set<String> redo = new LinkedHashSet<>();

    @Option(
            names = "--skip",
            paramLabel = "STEP",
            split = ",",
            description = {
                "Go on without this step, which has not completed (repeatable): e.g. one that keeps failing on a site "
                        + "that is gone. Needs --reason; journaled with who and why. It records no outputs, so a skipped db.fence "
                        + "counts as unproven for the promotion after it."
            })
    Set<String> skip = new LinkedHashSet<>();

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        options.checkParallelism();
        RunEngine engine = new RunEngine(root.language(), root.stateDirectory(), root.redactor());
        restoreFromStateSite(engine);
        RunEngine.PriorRun prior = engine.prior(runId);
        if (prior.succeeded() && redo.isEmpty()) {
            // Nothing is appended: a resume that finds nothing to do must not change the record.
            root.out()
                    .println("run " + runId + " already finished: succeeded; nothing to resume"
                            + " (--redo STEP --reason \"...\" runs a completed step again)");
            root.out().flush();
            return ExitCode.SUCCESS.code();
        }
        Path file = planFile != null ? planFile : Path.of(prior.started().planFile());
        if (planFile == null && !Files.isRegularFile(file)) {
            file = prior.frozenPlan();
            if (root.output() == OutputFormat.TEXT) {
                root.err()
                        .println("drctl: " + prior.started().planFile()
                                + " is not here; resuming from the run's frozen copy " + file);
            }
        }
        Plan plan = root.loader().load(file, Mode.fromText(prior.started().mode()));
        try (RunPresenter presenter = new RunPresenter(root, plan)) {
            RunSettings settings = new RunSettings(
                    Mode.fromText(prior.started().mode()),
                    options.parallelism,
                    root.operator(options.operator),
                    root.host(),
                    options.reason,
                    options.preApprovals(plan),
                    presenter.prompter(),
                    root.engineEnvironment(),
                    root.approveCommandPrefix());
            RunResult result = presenter.execute(
                    engine.resume(prior, plan, acceptPlanChange, redo, skip, settings, presenter.listeners()));
            return result.outcome().exitCode().code();
        }
    }

    /**
     * A run that is not in this state directory (its machine is gone) is brought here from the
     * plan's state site, when --plan names a plan that has one.
     */
    private void restoreFromStateSite(RunEngine engine) {
        if (planFile == null
                || !runId.matches("\\d{8}-\\d{6}-[0-9a-f]{4}")
                || Files.isDirectory(root.stateDirectory().runsDirectory().resolve(runId))) {
            return;
        }
        Plan plan = root.loader().load(planFile);
        engine.restore(plan, runId, root.engineEnvironment()).ifPresent(where -> {
            if (root.output() == OutputFormat.TEXT) {
                root.err()
                        .println("drctl: run " + runId + " is not on this machine; restored it from its mirror in "
                                + where);
            }
        });
    }
}
