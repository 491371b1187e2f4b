package io.drctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long drctl takes to start, as an operator starts it ({@code ./drctl}, the launcher
 * included): {@code --version}, and {@code validate} of generated plans of 300 and 5,000 steps
 * with wide {@code needs}. The median of several runs, since one start is noisy.
 */
final class StartupFigures {
    private static final int RUNS = 7;

    private StartupFigures() {}

    static String markdown(Path repo, Path dir) throws IOException, InterruptedException {
        Path launcher = repo.resolve("drctl");
        Path p300 = dir.resolve("plan-300.yaml");
        Path p5000 = dir.resolve("plan-5000.yaml");
        Files.writeString(p300, plan(300));
        Files.writeString(p5000, plan(5000));
        run(launcher, "--version"); // the first start may build the jar or train the AOT cache
        StringBuilder md = new StringBuilder("| command (through ./drctl) | median of " + RUNS + " |\n|---|---:|\n");
        md.append(row("drctl --version", median(launcher, "--version")));
        md.append(row("drctl validate (300 steps)", median(launcher, "validate", p300.toString())));
        md.append(row("drctl validate (5,000 steps)", median(launcher, "validate", p5000.toString())));
        return md.toString();
    }

    /** Steps that each need up to 20 earlier ones: generated plans look like this. */
    static String plan(int steps) {
        StringBuilder y = new StringBuilder("apiVersion: drctl.io/v1\nkind: RecoveryPlan\nmetadata: { name: generated-"
                + steps + " }\nspec:\n  steps:\n");
        for (int i = 0; i < steps; i++) {
            y.append("    - id: s").append(i).append("\n      type: exec\n");
            if (i > 0) {
                y.append("      needs: [");
                for (int j = Math.max(0, i - 20); j < i; j++) {
                    y.append(j == Math.max(0, i - 20) ? "" : ", ").append('s').append(j);
                }
                y.append("]\n");
            }
            y.append("      with: { command: [echo, '").append(i).append("'] }\n");
        }
        return y.toString();
    }

    /** A start that did not succeed is shown with its exit code: a fast refusal is no figure. */
    private record Timed(Duration time, int exitCode) {}

    private static String row(String what, Timed t) {
        return "| `" + what + "` | "
                + String.format(Locale.ROOT, "%.2f s", t.time().toNanos() / 1e9)
                + (t.exitCode() == 0 ? "" : " (exit " + t.exitCode() + ": refused)") + " |\n";
    }

    private static Timed median(Path launcher, String... args) throws IOException, InterruptedException {
        List<Timed> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            times.add(run(launcher, args));
        }
        times.sort(Comparator.comparing(Timed::time));
        return times.get(RUNS / 2);
    }

    private static Timed run(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("drctl " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Timed(Duration.ofNanos(System.nanoTime() - start), p.exitValue());
    }
}
