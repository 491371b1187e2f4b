package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.render.StatusText;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.run.RunStatus;
import io.drctl.engine.run.RunStatuses;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Where a run stands (default: the newest run): its state, every step, open approvals, journal integrity.",
            "Exit 4 when the run's journal does not verify (a broken hash chain, or an end that does not match journal.head)."
        })
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "RUN", arity = "0..1", description = "The run id (default: the newest).")
    String runId;

    @Override
    public Integer call() {
        var state = root.stateDirectory();
        String id = runId != null
                ? runId
                : state.latestRunId()
                        .orElseThrow(() ->
                                new DrctlException(ExitCode.USAGE, "no runs in " + state.runsDirectory() + " yet"));
        RunStatus status = new RunStatuses(state).of(id);
        var out = root.out();
        if (root.output() == OutputFormat.JSON) {
            new JsonLinesRenderer(out, root.redactor()).versionLine().result("run.status", status);
        } else {
            out.print(root.redactor().redact(new StatusText(root.style()).render(status)));
            out.flush();
        }
        // A record that cannot be trusted is not a status to act on: scripts must see it.
        return status.journalVerifies() ? ExitCode.SUCCESS.code() : ExitCode.NEEDS_HUMAN.code();
    }
}
