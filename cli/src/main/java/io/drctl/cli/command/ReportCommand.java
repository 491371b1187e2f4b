package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.report.Reports;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "A run's report: what happened, when, how long, against the plan's objectives (RTO, RPO).",
            "Formats: markdown (with a Mermaid gantt), html (one self-contained page with an SVG timeline), "
                    + "junit (one test case per step, for CI), json. Everything in it is masked like all other output."
        })
public final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "RUN", arity = "0..1", description = "The run id (default: the newest).")
    String runId;

    @Option(
            names = "--format",
            paramLabel = "markdown|html|junit|json",
            defaultValue = "markdown",
            description = "The report's format (default: ${DEFAULT-VALUE}).")
    Reports.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        var state = root.stateDirectory();
        String id = runId != null
                ? runId
                : state.latestRunId()
                        .orElseThrow(() ->
                                new DrctlException(ExitCode.USAGE, "no runs in " + state.runsDirectory() + " yet"));
        String text = root.redactor()
                .redact(Reports.render(state, id, format, root.loader(), root.engineEnvironment(), root.redactor()));
        if (out == null) {
            root.out().print(text);
            root.out().flush();
            return ExitCode.SUCCESS.code();
        }
        try {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrctlException(ExitCode.USAGE, "cannot write the report to " + out + ": " + e.getMessage(), e);
        }
        root.out().println("report: " + out.toAbsolutePath());
        root.out().flush();
        return ExitCode.SUCCESS.code();
    }
}
