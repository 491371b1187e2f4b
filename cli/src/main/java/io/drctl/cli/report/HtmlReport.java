package io.drctl.cli.report;

import io.drctl.engine.plan.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: the run's facts, and an inline SVG timeline with
 * one bar per step on a time axis, coloured by outcome, and the RTO objective marked. No
 * scripts, no external resources: it opens the same from a mail attachment as from a file.
 */
final class HtmlReport {
    static final String SUCCEEDED = "#2e7d32";
    static final String FAILED = "#c62828";
    static final String OTHER = "#9e9e9e";
    private static final int LABEL = 180;
    private static final int WIDTH = 900;
    private static final int ROW = 24;

    private HtmlReport() {}

    static String render(RunReport r) {
        var s = r.status();
        StringBuilder b = new StringBuilder(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>drctl run ")
                .append(esc(s.runId()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.missed{color:" + FAILED
                        + ";font-weight:bold}</style>\n")
                .append("</head><body>\n<h1>Run ")
                .append(esc(s.runId()))
                .append(": ")
                .append(esc(s.planName()))
                .append("</h1>\n<table>\n");
        row(b, "state", s.state() + s.exitCode().map(c -> " (exit " + c + ")").orElse(""));
        row(b, "mode", s.mode());
        row(b, "plan", s.planFile() + " (sha256 " + s.planSha256() + ")");
        row(b, "operator", s.operator() + " on " + s.host());
        row(b, "reason", s.reason() == null ? "" : s.reason());
        row(b, "started", s.startedAt().toString());
        row(b, "summary", s.summary());
        row(
                b,
                "journal",
                s.journalVerifies() ? "verifies (hash chain and head)" : "DOES NOT VERIFY: " + s.journalProblem());
        b.append("<tr><th>RTO</th><td")
                .append(r.rtoMet().orElse(true) ? "" : " class=\"missed\"")
                .append(">")
                .append(esc(r.rto().map(DurationText::format).orElse("unknown")))
                .append(" (objective ")
                .append(esc(r.objectives().rto().map(DurationText::format).orElse("none")))
                .append(")")
                .append(r.rtoMet().map(m -> m ? ": met" : ": MISSED").orElse(""))
                .append("</td></tr>\n");
        b.append("<tr><th>RPO</th><td>")
                .append(esc(
                        r.rpo().isEmpty() ? "no promotion in this run" : r.rpo().toString()))
                .append("</td></tr>\n</table>\n<h2>Timeline</h2>\n");
        timeline(b, r);
        b.append(
                "<h2>Steps</h2>\n<table><tr><th>step</th><th>state</th><th>attempts</th><th>took</th><th>detail</th></tr>\n");
        for (RunReport.StepTiming t : r.steps()) {
            b.append("<tr><td>")
                    .append(esc(t.id()))
                    .append("</td><td>")
                    .append(esc(t.state()))
                    .append("</td><td>")
                    .append(t.attempts())
                    .append("</td><td>")
                    .append(esc(t.duration().map(DurationText::format).orElse("")))
                    .append("</td><td>")
                    .append(esc(t.detail()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        list(b, "Approvals", r.approvals());
        list(b, "Risks accepted", r.acceptances());
        list(b, "Notices", r.notices());
        return b.append("</body></html>\n").toString();
    }

    private static void timeline(StringBuilder b, RunReport r) {
        Instant t0 = r.status().startedAt();
        Instant tEnd = r.status().finishedAt().orElse(Instant.now());
        for (RunReport.StepTiming t : r.steps()) {
            if (t.end().isPresent() && t.end().get().isAfter(tEnd)) {
                tEnd = t.end().get();
            }
        }
        long span = Math.max(1, Duration.between(t0, tEnd).toMillis());
        if (r.objectives().rto().isPresent()) {
            span = Math.max(span, r.objectives().rto().get().toMillis());
        }
        int height = ROW * (r.steps().size() + 1) + 10;
        b.append("<svg width=\"")
                .append(LABEL + WIDTH + 20)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"timeline of the run's steps\">\n");
        int y = 4;
        for (RunReport.StepTiming t : r.steps()) {
            b.append("<text x=\"0\" y=\"")
                    .append(y + 15)
                    .append("\" font-size=\"12\">")
                    .append(esc(t.id()))
                    .append("</text>\n");
            if (t.start().isPresent()) {
                long from = Duration.between(t0, t.start().get()).toMillis();
                long to = Duration.between(t0, t.end().orElse(tEnd)).toMillis();
                double x = LABEL + WIDTH * (double) from / span;
                double w = Math.max(2, WIDTH * (double) (to - from) / span);
                String colour =
                        t.state().equals("succeeded") ? SUCCEEDED : t.state().startsWith("failed") ? FAILED : OTHER;
                b.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"step %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s: %s</title></rect>%n",
                        esc(t.state()),
                        x,
                        y,
                        w,
                        ROW - 6,
                        colour,
                        esc(t.id()),
                        esc(t.state())));
            }
            y += ROW;
        }
        if (r.objectives().rto().isPresent()) {
            double x = LABEL + WIDTH * (double) r.objectives().rto().get().toMillis() / span;
            b.append(String.format(
                    Locale.ROOT,
                    "<line class=\"objective\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                            + "stroke-dasharray=\"4\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">RTO objective</text>%n",
                    x,
                    x,
                    height,
                    FAILED,
                    x + 3,
                    height - 4));
        }
        b.append("</svg>\n");
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>")
                .append(esc(key))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    private static void list(StringBuilder b, String title, List<String> items) {
        b.append("<h2>").append(esc(title)).append("</h2>\n<ul>\n");
        if (items.isEmpty()) {
            b.append("<li>none</li>\n");
        }
        items.forEach(i -> b.append("<li>").append(esc(i)).append("</li>\n"));
        b.append("</ul>\n");
    }

    /** Text as HTML text and attribute content (the five characters HTML gives meaning to). */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
