package io.drctl.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one benchmark invocation measures: the workload counts to sweep, how they are spread,
 * and how slow the simulated API servers and controllers are.
 *
 * @param workloads       the N of each measurement (a sweep when several)
 * @param namespaces      how many namespaces the Deployments are spread over
 * @param replicas        replicas per Deployment at the failed site
 * @param latency         added to every answer a client gets from a site (the network and API server)
 * @param controllerDelay how long the simulated controllers take to make status follow spec
 * @param baseline        whether the sequential runbook runs too (it is the slow part at large N)
 * @param jar             drctl.jar to run
 * @param results         where the result tables are written
 */
record BenchmarkOptions(
        List<Integer> workloads,
        int namespaces,
        int replicas,
        Duration latency,
        Duration controllerDelay,
        boolean baseline,
        Path jar,
        Path results) {

    static final String USAGE = """
            usage: scripts/bench.sh [--workloads N[,N...]] [--namespaces M] [--replicas R] [--latency 20ms]
                                    [--controller-delay 1s] [--no-baseline] [--results DIR]
            defaults: --workloads 500 --namespaces 20 --replicas 2 --latency 20ms --controller-delay 1s""";

    static BenchmarkOptions parse(String[] args, Path repo) {
        List<Integer> workloads = List.of(500);
        int namespaces = 20;
        int replicas = 2;
        Duration latency = Duration.ofMillis(20);
        Duration controllerDelay = Duration.ofSeconds(1);
        boolean baseline = true;
        Path results = repo.resolve("bench/target/results");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--workloads" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String n : value(args, ++i, a).split(",")) {
                        list.add(positive(n.trim(), a));
                    }
                    workloads = List.copyOf(list);
                }
                case "--namespaces" -> namespaces = positive(value(args, ++i, a), a);
                case "--replicas" -> replicas = positive(value(args, ++i, a), a);
                case "--latency" -> latency = duration(value(args, ++i, a), a);
                case "--controller-delay" -> controllerDelay = duration(value(args, ++i, a), a);
                case "--no-baseline" -> baseline = false;
                case "--results" -> results = Path.of(value(args, ++i, a));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        return new BenchmarkOptions(
                workloads,
                namespaces,
                replicas,
                latency,
                controllerDelay,
                baseline,
                repo.resolve("cli/target/drctl.jar"),
                results);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String s, String option) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + ": '" + s + "' is not a positive whole number");
    }

    /** {@code 20ms}, {@code 1s}, {@code 0s}: the units a person types for these. */
    static Duration duration(String s, String option) {
        var m = Pattern.compile("(\\d+)(ms|s)").matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + ": '" + s + "' is not a duration like 20ms or 1s");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }
}
