package io.drctl.cli.command;

import static io.drctl.cli.render.TerminalText.safe;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.run.RunStatus;
import io.drctl.engine.run.RunStatuses;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "List runs in the state directory, newest first.")
public final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @ParentCommand
    DrctlCommand root;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "At most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--plan",
            paramLabel = "NAME",
            description = "Only runs of this plan: the trend across its rehearsals (how long each took, which mode).")
    String plan;

    @Override
    public Integer call() {
        var state = root.stateDirectory();
        RunStatuses statuses = new RunStatuses(state);
        List<String> ids = state.runIds();
        var out = root.out();
        JsonLinesRenderer json =
                root.output() == OutputFormat.JSON ? new JsonLinesRenderer(out, root.redactor()).versionLine() : null;
        if (json == null && ids.isEmpty()) {
            out.println("No runs in " + state.runsDirectory() + ".");
        } else if (json == null) {
            out.println(String.format(
                    "%-20s  %-24s  %-9s  %-20s  %-9s  %-12s  %s",
                    "RUN", "PLAN", "MODE", "STARTED", "TOOK", "OPERATOR", "STATE"));
        }
        int shown = 0;
        for (String id : ids) {
            if (shown >= Math.max(0, limit)) {
                break;
            }
            RunStatus s;
            try {
                s = statuses.of(id);
            } catch (RuntimeException e) {
                // One damaged run must not hide the others: it is listed, marked, with what is wrong.
                String problem = "DAMAGED: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                if (json != null) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("run", id);
                    row.put("state", "damaged");
                    row.put("problem", problem);
                    json.result("run", row);
                } else {
                    out.println(root.redactor()
                            .redact(String.format(
                                    "%-20s  %-24s  %-9s  %-20s  %-9s  %-12s  %s",
                                    safe(id), "?", "?", "?", "?", "?", safe(problem))));
                }
                continue;
            }
            if (plan != null && !plan.equals(s.planName())) {
                continue;
            }
            shown++;
            String took = s.finishedAt()
                    .map(f -> DurationText.format(Duration.between(s.startedAt(), f)))
                    .orElse("");
            String stateText = s.journalVerifies()
                    ? s.state()
                    : s.state() + " (JOURNAL DOES NOT VERIFY: " + s.journalProblem() + ")";
            if (json != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run", s.runId());
                row.put("plan", s.planName());
                row.put("mode", s.mode());
                row.put("startedAt", s.startedAt().toString());
                row.put("operator", s.operator());
                row.put("host", s.host());
                row.put("state", s.state());
                row.put("exitCode", s.exitCode().orElse(null));
                row.put("journalVerifies", s.journalVerifies());
                row.put(
                        "durationMs",
                        s.finishedAt()
                                .map(f -> Duration.between(s.startedAt(), f).toMillis())
                                .orElse(null));
                json.result("run", row);
            } else {
                out.println(root.redactor()
                        .redact(String.format(
                                "%-20s  %-24s  %-9s  %-20s  %-9s  %-12s  %s",
                                safe(s.runId()),
                                safe(s.planName()),
                                s.mode(),
                                TIME.format(s.startedAt()),
                                took,
                                safe(s.operator()),
                                safe(stateText))));
            }
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }
}
