package io.drctl.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The measurements as the Markdown table docs/performance.md shows, with the machine they ran on. */
final class ResultsTable {
    private ResultsTable() {}

    static String markdown(List<Measurement> rows) {
        StringBuilder md = new StringBuilder();
        Measurement first = rows.getFirst();
        md.append("Measured ")
                .append(LocalDate.now())
                .append(" on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(", Java ")
                .append(Runtime.version().feature())
                .append("; sandbox latency ")
                .append(millis(first.latency()))
                .append(" per request, controller delay ")
                .append(seconds(first.controllerDelay()))
                .append(", ")
                .append(first.namespaces())
                .append(" namespaces.\n\n");
        md.append(
                "| N Deployments | drctl run | lower bound | ratio | sequential runbook | speed-up | requests drctl sent | peak RSS | end state | seeding |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (Measurement m : rows) {
            md.append("| ")
                    .append(m.workloads())
                    .append(" | ")
                    .append(seconds(m.drctl()))
                    .append(m.exitCode() == 0 ? "" : " (exit " + m.exitCode() + ")")
                    .append(" | ")
                    .append(seconds(m.lowerBound()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f×", m.ratioToBound()))
                    .append(" | ")
                    .append(m.baseline().map(ResultsTable::seconds).orElse("—"))
                    .append(" | ")
                    .append(m.speedUp()
                            .map(x -> String.format(Locale.ROOT, "%.1f×", x))
                            .orElse("—"))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", m.totalRequests()))
                    .append(" | ")
                    .append(m.peakRssKib() / 1024)
                    .append(" MiB")
                    .append(" | ")
                    .append(m.endState() ? "right" : "WRONG")
                    .append(" | ")
                    .append(seconds(m.seeding()))
                    .append(" |\n");
        }
        md.append("\nThe sandbox (its controllers work in-process; none of this is drctl's time):\n\n");
        for (Measurement m : rows) {
            md.append("- N = ")
                    .append(m.workloads())
                    .append(": seeded in ")
                    .append(seconds(m.seeding()))
                    .append(", then the failed site's ")
                    .append(String.format(Locale.ROOT, "%,d", (long) m.workloads() * m.replicas()))
                    .append(" pods running after ")
                    .append(seconds(m.podsStarted()))
                    .append(String.format(Locale.ROOT, " (%,.0f pods/s)", m.podsPerSecond()))
                    .append('\n');
        }
        md.append("\nRequests drctl sent, per site and verb:\n\n");
        for (Measurement m : rows) {
            md.append("- N = ")
                    .append(m.workloads())
                    .append(": ")
                    .append(m.requests().entrySet().stream()
                            .map(e -> e.getKey() + " " + verbs(e.getValue()))
                            .collect(Collectors.joining("; ")))
                    .append('\n');
        }
        return md.toString();
    }

    private static String verbs(Map<String, Long> byVerb) {
        return byVerb.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
