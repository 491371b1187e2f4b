package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.run.ApprovalInbox;
import io.drctl.engine.run.RunStatus;
import io.drctl.engine.run.RunStatuses;
import io.drctl.engine.spi.Approvals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = {
            "Approve (or --deny) an approval step a run is waiting for, from any process: how colleagues and bots decide.",
            "The decision is bound to the run, the step, the plan's hash and the open request."
        })
public final class ApproveCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The approval step's id.")
    String stepId;

    @Option(names = "--deny", description = "Deny instead of approving; the run stops with exit 3.")
    boolean deny;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Recorded with the decision.")
    String comment = "";

    @Option(names = "--operator", paramLabel = "NAME", description = "Who decides (default: $USER).")
    String operator;

    @Override
    public Integer call() {
        RunStatuses statuses = new RunStatuses(root.stateDirectory());
        JournalContents journal = statuses.journal(runId);
        ApprovalRequested request = RunStatus.openRequest(journal, stepId).orElseThrow(() -> {
            // Name what the run does wait for: at 3 a.m. a typo in a step id must not read as "nothing to approve".
            List<String> waiting = journal.eventsOf(ApprovalRequested.class).stream()
                    .map(ApprovalRequested::stepId)
                    .distinct()
                    .filter(id -> RunStatus.openRequest(journal, id).isPresent())
                    .toList();
            // One way on, not two parentheses: the command that approves what does wait, else where to look.
            return new DrctlException(
                    ExitCode.USAGE,
                    "run " + runId + " is not waiting for an approval of step '" + stepId + "'"
                            + (waiting.isEmpty()
                                    ? " (see 'drctl status " + runId + "')"
                                    : "; it is waiting for step" + (waiting.size() == 1 ? " " : "s ")
                                            + String.join(
                                                    ", ",
                                                    waiting.stream()
                                                            .map(w -> "'" + w + "'")
                                                            .toList())
                                            + ": drctl approve " + runId + " " + waiting.getFirst()));
        });
        RunStatus status = statuses.of(runId);
        if (!status.state().equals("running")) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "run " + runId + " is " + status.state() + ", not running; its approval of '" + stepId
                            + "' will be asked again when it is resumed");
        }
        String who = root.operator(operator);
        Optional<Approvals.Decision> earlier = new ApprovalInbox(
                        root.stateDirectory().runDirectory(runId))
                .submit(runId, stepId, request.requestId(), request.planSha256(), !deny, who, root.host(), comment);
        if (earlier.isPresent()) {
            Approvals.Decision d = earlier.get();
            throw new DrctlException(
                    ExitCode.BLOCKED,
                    "step '" + stepId + "' of run " + runId + " was already "
                            + (d.approved() ? "approved" : "denied") + " by " + d.who() + " at " + d.at() + " ("
                            + d.how() + "); your "
                            + (deny ? "denial" : "approval") + " was not recorded");
        }
        var out = root.out();
        if (root.output() == OutputFormat.JSON) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("run", runId);
            data.put("step", stepId);
            data.put("requestId", request.requestId());
            data.put("decision", deny ? "deny" : "approve");
            data.put("who", who);
            new JsonLinesRenderer(out, root.redactor()).versionLine().result("approval.submitted", data);
        } else {
            out.println((deny ? "Denied" : "Approved") + " step '" + stepId + "' of run " + runId + " as " + who
                    + "; the run picks the decision up within a second.");
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }
}
