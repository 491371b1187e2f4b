package io.drctl.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One row of the results: drctl's failover of N workloads beside the bound and the sequential
 * runbook.
 *
 * @param seeding   how long the sandbox took to start and load its seed (objects stored)
 * @param podsStarted how long the sandbox's controllers then took to run the failed site's pods
 * @param requests requests drctl sent during the run, per site and verb
 * @param endState whether site-b ended with every workload rolled out at its snapshot count, and
 *                 site-a at zero (a fast run that did not do the work is no result)
 */
record Measurement(
        int workloads,
        int namespaces,
        int replicas,
        Duration latency,
        Duration controllerDelay,
        Duration seeding,
        Duration podsStarted,
        Duration drctl,
        int exitCode,
        Duration lowerBound,
        Optional<Duration> baseline,
        Map<String, Map<String, Long>> requests,
        long peakRssKib,
        boolean endState) {

    /** Pods the sandbox started per second on the failed site after seeding. */
    double podsPerSecond() {
        return workloads * (double) replicas / Math.max(1e-3, podsStarted.toNanos() / 1e9);
    }

    double ratioToBound() {
        return (double) drctl.toNanos() / lowerBound.toNanos();
    }

    Optional<Double> speedUp() {
        return baseline.map(b -> (double) b.toNanos() / drctl.toNanos());
    }

    long totalRequests() {
        return requests.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }
}
