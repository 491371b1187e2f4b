package io.drctl.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The failover benchmark (scripts/bench.sh): for each N, a fresh pair of sandbox sites with N
 * Deployments, drctl's run of the failover plan timed as a process, its requests counted by the
 * sites, its end state checked; then the same changes as a sequential runbook on another fresh
 * pair; and the plan's critical-path lower bound. Prints the table and writes it to the results
 * directory.
 */
public final class FailoverBenchmark {
    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path repo =
                Path.of(System.getProperty("drctl.repo", ".")).toAbsolutePath().normalize();
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args, repo);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("bench: " + options.jar() + " is missing; build it first (scripts/bench.sh does)");
            System.exit(66);
        }
        List<Measurement> rows = new ArrayList<>();
        for (int n : options.workloads()) {
            System.err.println("bench: N = " + n + " ...");
            Measurement m = measure(options, n, System.err);
            rows.add(m);
            System.err.println("bench: N = " + n + ": drctl " + ResultsTable.seconds(m.drctl()) + ", bound "
                    + ResultsTable.seconds(m.lowerBound())
                    + m.baseline()
                            .map(b -> ", runbook " + ResultsTable.seconds(b))
                            .orElse(""));
        }
        Path scratch = Files.createTempDirectory("drctl-bench-startup-");
        String table = ResultsTable.markdown(rows) + "\nStart-up:\n\n" + StartupFigures.markdown(repo, scratch);
        delete(scratch);
        Files.createDirectories(options.results());
        Path file = options.results().resolve("failover-" + LocalDate.now() + ".md");
        Files.writeString(file, table);
        System.out.print(table);
        System.err.println("bench: results in " + file);
        boolean allRight = rows.stream().allMatch(r -> r.endState() && r.exitCode() == 0);
        System.exit(allRight ? 0 : 1);
    }

    static Measurement measure(BenchmarkOptions options, int n, PrintStream log)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("drctl-bench-" + n + "-");
        try {
            long seedStart = System.nanoTime();
            Duration seeding;
            Duration podsStarted;
            Duration wall;
            int exit;
            long rss;
            boolean endState;
            Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
            try (BenchCluster cluster = BenchCluster.start(options, n, dir.resolve("drctl"))) {
                seeding = Duration.ofNanos(System.nanoTime() - seedStart);
                podsStarted = cluster.awaitRunning(options.replicas());
                Path plan = dir.resolve("bench-failover.yaml");
                Files.writeString(plan, BenchPlan.yaml(cluster));
                Map<String, String> env =
                        Map.of("KUBECONFIG", cluster.sandbox.kubeconfig().toString(), "NO_COLOR", "1");
                // Run state in the benchmark's scratch directory, not the user's.
                String state = dir.resolve("state").toString();
                var snapshot = DrctlProcessRun.run(
                        options.jar(),
                        dir,
                        env,
                        "snapshot",
                        plan.toString(),
                        "--site",
                        BenchCluster.FAILED,
                        "--state-dir",
                        state);
                if (snapshot.exitCode() != 0) {
                    throw new IllegalStateException("drctl snapshot failed (exit " + snapshot.exitCode() + "): "
                            + snapshot.stderr() + snapshot.stdout());
                }
                Map<String, Map<String, Long>> before = counts(cluster);
                var run = DrctlProcessRun.run(
                        options.jar(),
                        dir,
                        env,
                        "run",
                        plan.toString(),
                        "--yes",
                        "--operator",
                        "bench",
                        "--reason",
                        "benchmark",
                        "--output",
                        "json",
                        "--state-dir",
                        state);
                if (run.exitCode() != 0) {
                    log.println(
                            "bench: drctl run exited " + run.exitCode() + ":\n" + run.stderr() + tail(run.stdout()));
                }
                Files.createDirectories(options.results());
                Files.writeString(
                        options.results().resolve("drctl-run-" + n + ".jsonl"), run.stdout()); // per-step timings
                Map<String, Map<String, Long>> after = counts(cluster);
                after.forEach((site, verbs) -> {
                    Map<String, Long> diff = new TreeMap<>();
                    verbs.forEach((verb, count) -> {
                        long d = count - before.getOrDefault(site, Map.of()).getOrDefault(verb, 0L);
                        if (d > 0) {
                            diff.put(verb, d);
                        }
                    });
                    requests.put(site, diff);
                });
                wall = run.wall();
                exit = run.exitCode();
                rss = run.peakRssKib();
                endState = failedOver(cluster, options.replicas());
            }
            Optional<Duration> baseline = Optional.empty();
            if (options.baseline()) {
                try (BenchCluster fresh = BenchCluster.start(options, n, dir.resolve("baseline"))) {
                    baseline = Optional.of(SequentialBaseline.run(fresh, options.replicas()));
                    if (!failedOver(fresh, options.replicas())) {
                        throw new IllegalStateException("the sequential runbook did not reach the failed-over state");
                    }
                }
            }
            return new Measurement(
                    n,
                    Math.min(options.namespaces(), n),
                    options.replicas(),
                    options.latency(),
                    options.controllerDelay(),
                    seeding,
                    podsStarted,
                    wall,
                    exit,
                    BenchPlan.lowerBound(options.latency(), options.controllerDelay()),
                    baseline,
                    requests,
                    rss,
                    endState);
        } finally {
            delete(dir);
        }
    }

    private static Map<String, Map<String, Long>> counts(BenchCluster cluster) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String site : List.of(BenchCluster.FAILED, BenchCluster.SURVIVOR)) {
            out.put(site, cluster.sandbox.site(site).requestCounts());
        }
        return out;
    }

    /** site-a at zero, site-b rolled out at the snapshot's count everywhere (read after the clock stopped). */
    static boolean failedOver(BenchCluster cluster, int replicas) {
        try (KubernetesClient a = cluster.sandbox.site(BenchCluster.FAILED).client();
                KubernetesClient b = cluster.sandbox.site(BenchCluster.SURVIVOR).client()) {
            for (String ns : cluster.namespaces) {
                for (Deployment d :
                        a.apps().deployments().inNamespace(ns).list().getItems()) {
                    if (d.getSpec().getReplicas() != 0) {
                        return false;
                    }
                }
                for (Deployment d :
                        b.apps().deployments().inNamespace(ns).list().getItems()) {
                    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
                    if (d.getSpec().getReplicas() != replicas || ready == null || ready != replicas) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void delete(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
