package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.render.Style;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.FailureKind;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.PlanPreview;
import io.drctl.engine.run.PlanPreview.Finding;
import io.drctl.engine.spi.CheckResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Preview a run: run only the read-only check of every step and show what would change.",
            "Exit 0; with --detailed-exitcode, 2 when changes are pending. A check that fails exits 1, "
                    + "a safety gate that would stop the run exits 3, an unreachable required target 69."
        })
public final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", description = "The plan file.")
    Path planFile;

    @Option(
            names = "--mode",
            paramLabel = "failover|rehearsal",
            defaultValue = "failover",
            description = "Preview as this kind of run (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when a run would change something.")
    boolean detailedExitCode;

    @Override
    public Integer call() {
        Plan plan = root.loader().load(planFile, mode);
        JsonLinesRenderer json = root.output() == OutputFormat.JSON
                ? new JsonLinesRenderer(root.out(), root.redactor()).versionLine()
                : null;
        PlanPreview preview = new PlanPreview(root.language(), root.redactor());
        List<Finding> findings = preview.preview(
                plan, mode, root.engineEnvironment(), root.operator(null), root.host(), json != null ? json : e -> {});
        int changes = 0, blocked = 0, errors = 0, unreachable = 0;
        for (Finding f : findings) {
            switch (f) {
                case Finding.Checked c when c.result() instanceof CheckResult.WillChange -> changes++;
                case Finding.Checked c when c.result() instanceof CheckResult.Blocked -> blocked++;
                case Finding.CheckFailed x when x.kind() == FailureKind.UNREACHABLE -> unreachable++;
                case Finding.CheckFailed x -> errors++;
                default -> {}
            }
        }
        if (json != null) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("plan", plan.name());
            summary.put("mode", mode.text());
            summary.put("changes", changes);
            summary.put("blocked", blocked);
            summary.put("unreachable", unreachable);
            summary.put("errors", errors);
            json.result("plan.summary", summary);
        } else {
            print(plan, findings, changes, blocked, unreachable, errors);
        }
        ExitCode code = blocked > 0
                ? ExitCode.BLOCKED
                : unreachable > 0
                        ? ExitCode.UNREACHABLE
                        : errors > 0
                                ? ExitCode.STEP_FAILED
                                : changes > 0 && detailedExitCode ? ExitCode.CHANGES_PENDING : ExitCode.SUCCESS;
        return code.code();
    }

    private void print(Plan plan, List<Finding> findings, int changes, int blocked, int unreachable, int errors) {
        PrintWriter out = root.out();
        Style s = root.style();
        out.println(root.redactor()
                .redact("Plan " + plan.name() + " (" + mode.text() + "), "
                        + plan.steps().size() + " steps, as things stand now:"));
        int idWidth =
                plan.steps().stream().mapToInt(st -> st.id().length()).max().orElse(4);
        for (Finding f : findings) {
            String head = String.format("  %-" + idWidth + "s  ", f.stepId());
            String line = switch (f) {
                case Finding.Checked c ->
                    switch (c.result()) {
                        case CheckResult.WillChange w ->
                            s.warn("~") + " " + head + w.summary()
                                    + String.join(
                                            "",
                                            w.changes().stream()
                                                    .map(ch -> "\n      " + ch)
                                                    .toList());
                        case CheckResult.AlreadyDone d -> s.ok("=") + " " + head + "already done: " + d.summary();
                        case CheckResult.ReadOnly r -> s.dim("·") + " " + head + r.summary();
                        case CheckResult.Blocked b -> s.bad("!") + " " + head + "blocked: " + b.summary();
                    };
                case Finding.Skipped k -> s.dim("–") + " " + head + "skipped: " + k.reason();
                case Finding.CheckFailed x ->
                    s.bad("✗") + " " + head + "check failed ("
                            + x.kind().name().toLowerCase().replace('_', ' ') + "): " + x.message();
            };
            out.println(root.redactor().redact(line));
        }
        out.println(changes + " step" + (changes == 1 ? "" : "s") + " would change something"
                + (blocked > 0 ? ", " + blocked + " blocked" : "")
                + (unreachable > 0 ? ", " + unreachable + " unreachable" : "")
                + (errors > 0 ? ", " + errors + " could not be checked" : "") + ".");
        out.flush();
    }
}
