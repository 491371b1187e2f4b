package io.drctl.cli.report;

import io.drctl.engine.plan.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The report as Markdown: the run, its objectives, a Mermaid gantt of the steps, then every detail. */
final class MarkdownReport {
    private static final DateTimeFormatter GANTT =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private MarkdownReport() {}

    static String render(RunReport r) {
        var s = r.status();
        StringBuilder b = new StringBuilder();
        b.append("# Run ").append(s.runId()).append(": ").append(s.planName()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "state", s.state() + s.exitCode().map(c -> " (exit " + c + ")").orElse(""));
        row(b, "mode", s.mode());
        row(b, "plan", s.planFile() + " (sha256 " + s.planSha256() + ")");
        row(b, "operator", s.operator() + " on " + s.host());
        row(b, "reason", s.reason() == null ? "" : s.reason());
        row(b, "started", s.startedAt().toString());
        row(b, "finished", s.finishedAt().map(Instant::toString).orElse("not finished"));
        row(b, "summary", s.summary());
        row(
                b,
                "journal",
                s.journalVerifies() ? "verifies (hash chain and head)" : "DOES NOT VERIFY: " + s.journalProblem());
        b.append("\n## Objectives\n\n| | objective | measured | |\n|---|---|---|---|\n");
        b.append("| RTO | ")
                .append(r.objectives().rto().map(DurationText::format).orElse("none"))
                .append(" | ")
                .append(r.rto().map(DurationText::format).orElse("unknown (no step succeeded)"))
                .append(" | ")
                .append(r.rtoMet().map(met -> met ? "met" : "**missed**").orElse(""))
                .append(" |\n");
        b.append("| RPO | ")
                .append(r.objectives().rpo().map(DurationText::format).orElse("none"))
                .append(" | ")
                .append(
                        r.rpo().isEmpty()
                                ? "no promotion in this run"
                                : String.join(
                                        "; ",
                                        r.rpo().entrySet().stream()
                                                .map(e -> e.getKey() + ": " + e.getValue())
                                                .toList()))
                .append(" | |\n");
        b.append("\n## Timeline\n\n```mermaid\ngantt\n    dateFormat HH:mm:ss\n    axisFormat %H:%M:%S\n    title ")
                .append(s.planName())
                .append('\n');
        for (RunReport.StepTiming t : r.steps()) {
            if (t.start().isEmpty()) {
                continue;
            }
            Instant end = t.end().orElse(t.start().get().plusSeconds(1));
            long seconds = Math.max(1, Duration.between(t.start().get(), end).toSeconds());
            String tag = switch (t.state()) {
                case "failed", "failed-continued" -> "crit, ";
                case "succeeded" -> "done, ";
                default -> "";
            };
            b.append("    ")
                    .append(t.id().replace(':', '_'))
                    .append(" :")
                    .append(tag)
                    .append(GANTT.format(t.start().get()))
                    .append(", ")
                    .append(seconds)
                    .append("s\n");
        }
        b.append(
                "```\n\n## Steps\n\n| step | state | attempts | started | took | detail |\n|---|---|---|---|---|---|\n");
        for (RunReport.StepTiming t : r.steps()) {
            b.append("| ")
                    .append(cell(t.id()))
                    .append(" | ")
                    .append(t.state())
                    .append(" | ")
                    .append(t.attempts())
                    .append(" | ")
                    .append(t.start().map(Instant::toString).orElse(""))
                    .append(" | ")
                    .append(t.duration().map(DurationText::format).orElse(""))
                    .append(" | ")
                    .append(cell(t.detail()))
                    .append(" |\n");
        }
        list(b, "Approvals", r.approvals());
        list(b, "Risks accepted", r.acceptances());
        list(b, "Notices", r.notices());
        b.append("\n## Outputs\n\n");
        for (RunReport.StepTiming t : r.steps()) {
            if (!t.outputs().isEmpty()) {
                b.append("- **").append(t.id()).append("**: ");
                boolean first = true;
                for (Map.Entry<String, Object> o : t.outputs().entrySet()) {
                    b.append(first ? "" : ", ")
                            .append('`')
                            .append(o.getKey())
                            .append("` = ")
                            .append(cell(String.valueOf(o.getValue())));
                    first = false;
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
    }

    private static void list(StringBuilder b, String title, List<String> items) {
        b.append("\n## ").append(title).append("\n\n");
        if (items.isEmpty()) {
            b.append("none\n");
        }
        items.forEach(i -> b.append("- ").append(cell(i)).append('\n'));
    }

    /** Table-safe: a pipe or a line break would end the cell. */
    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
