package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.PlanInvalidException;
import io.drctl.engine.plan.load.Violation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Check plan files without contacting anything: one line per file (a tick when valid, a cross when not), every violation under it. Exit 65 if any is invalid.")
public final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", arity = "1..*", description = "Plan files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = root.out();
        JsonLinesRenderer json =
                root.output() == OutputFormat.JSON ? new JsonLinesRenderer(out, root.redactor()).versionLine() : null;
        var style = root.style();
        boolean allValid = true;
        int unreadable = 0;
        for (Path file : files) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", file.toString());
            try {
                Plan plan = root.loader().load(file);
                result.put("valid", true);
                result.put("plan", plan.name());
                result.put("steps", plan.steps().size());
                result.put("sha256", plan.sha256());
                result.put("violations", List.of());
                if (json == null) {
                    out.println(style.ok("✓") + " " + file + " (" + plan.name() + ", "
                            + plan.steps().size() + " steps)");
                }
            } catch (PlanInvalidException e) {
                allValid = false;
                result.put("valid", false);
                result.put(
                        "violations",
                        e.violations().stream().map(ValidateCommand::asMap).toList());
                if (json == null) {
                    out.println(
                            style.bad("✘") + " " + file + " (" + e.violations().size() + " problem"
                                    + (e.violations().size() == 1 ? "" : "s") + ")");
                    e.violations().forEach(v -> out.println("    " + v));
                }
            } catch (DrctlException e) {
                allValid = false;
                unreadable++;
                result.put("valid", false);
                result.put("violations", List.of(Map.of("file", file.toString(), "message", e.getMessage())));
                if (json == null) {
                    out.println(style.bad("✘") + " " + file);
                    out.println("    " + e.getMessage());
                }
            }
            if (json != null) {
                json.result("validation", result);
            }
        }
        // A file that cannot be read is a usage error, as in plan and run; one that reads but is wrong is an invalid
        // plan.
        ExitCode code = allValid ? ExitCode.SUCCESS : unreadable > 0 ? ExitCode.USAGE : ExitCode.INVALID_PLAN;
        if (json != null && code != ExitCode.SUCCESS) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("exitCode", code.code());
            error.put("meaning", code.meaning());
            error.put(
                    "message",
                    unreadable > 0
                            ? unreadable + " of " + files.size() + " plan files cannot be read"
                            : "not every plan is valid");
            json.result("error", error);
        }
        out.flush();
        return code.code();
    }

    private static Map<String, Object> asMap(Violation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", v.file());
        m.put("line", v.line());
        m.put("column", v.column());
        m.put("path", v.path());
        m.put("message", v.message());
        return m;
    }
}
