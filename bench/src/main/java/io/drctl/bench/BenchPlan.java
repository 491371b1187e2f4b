package io.drctl.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The failover the benchmark times, as a drctl plan: freeze site-a, scale site-b to site-a's
 * snapshot, wait until site-b is rolled out, then switch a custom resource and the DNS record
 * at once. Beside it, the plan's critical-path lower bound: the fewest round trips each step
 * needs in sequence, whatever the number of workloads (lists span a namespace, writes to many
 * objects go out concurrently), along the longest chain of {@code needs}, plus the time the
 * controllers take to roll out.
 */
final class BenchPlan {
    /** One step: its {@code needs}, its sequential round trips at best, and whether it waits on controllers. */
    private record Step(String id, List<String> needs, int roundTrips, boolean waitsForControllers) {}

    private static final List<Step> STEPS = List.of(
            // list the workloads, then patch them all at once
            new Step("freeze-site-a", List.of(), 2, false),
            // list the workloads and read the snapshot side by side, then patch them all at once
            new Step("scale-site-b", List.of(), 2, false),
            // one list after the controllers are done
            new Step("site-b-rolled-out", List.of("scale-site-b"), 1, true),
            // a PATCH answers with the object: applied and verified in one round trip
            new Step("switch-traffic", List.of("site-b-rolled-out"), 1, false),
            // server-side apply of the DNSEndpoint, likewise
            new Step("reroute", List.of("site-b-rolled-out"), 1, false));

    private BenchPlan() {}

    /** The critical path: the longest chain of needs, each step costing its round trips (and the controllers' delay). */
    static Duration lowerBound(Duration latency, Duration controllerDelay) {
        Map<String, Duration> finish = new HashMap<>();
        Duration longest = Duration.ZERO;
        for (Step step : STEPS) { // in dependency order as written
            Duration start = step.needs().stream()
                    .map(finish::get)
                    .max(Duration::compareTo)
                    .orElse(Duration.ZERO);
            Duration cost = latency.multipliedBy(step.roundTrips())
                    .plus(step.waitsForControllers() ? controllerDelay : Duration.ZERO);
            finish.put(step.id(), start.plus(cost));
            longest = longest.compareTo(finish.get(step.id())) < 0 ? finish.get(step.id()) : longest;
        }
        return longest;
    }

    static String yaml(BenchCluster cluster) {
        String namespaces = cluster.namespaces.stream().collect(Collectors.joining(", ", "[", "]"));
        String selector = BenchCluster.SELECTOR_LABEL + "=" + BenchCluster.SELECTOR_VALUE;
        return """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata:
                  name: bench-failover
                  description: The benchmark's failover of %1$d workloads from site-a to site-b
                spec:
                  objectives: { rto: 5m }
                  sites:
                    site-a: { kubernetes: { context: site-a, namespace: %3$s } }
                    site-b: { kubernetes: { context: site-b, namespace: %3$s } }
                  state: { site: site-b, namespace: drctl }
                  dns:
                    public: { provider: externaldns, zone: bench.test., site: site-b, namespace: external-dns, dnsEndpoint: bench }
                  steps:
                    - id: freeze-site-a
                      type: k8s.scale
                      site: site-a
                      ifUnreachable: skip
                      timeout: 10m
                      with: { namespaces: %2$s, selector: "%4$s", replicas: 0, waitForRollout: false }
                    - id: scale-site-b
                      type: k8s.scale
                      site: site-b
                      timeout: 10m
                      with: { namespaces: %2$s, selector: "%4$s", replicas: fromSnapshot, waitForRollout: false }
                    - id: site-b-rolled-out
                      type: k8s.wait
                      site: site-b
                      needs: [scale-site-b]
                      timeout: 20m
                      with: { namespaces: %2$s, selector: "%4$s", interval: 500ms }
                    - id: switch-traffic
                      type: k8s.patch
                      site: site-b
                      needs: [site-b-rolled-out]
                      with:
                        apiVersion: bench.drctl.io/v1
                        kind: TrafficPolicy
                        name: primary
                        namespace: %3$s
                        patch: { spec: { activeSite: site-b } }
                    - id: reroute
                      type: dns.update
                      needs: [site-b-rolled-out]
                      with:
                        zone: public
                        records: [ { name: app, type: A, value: [192.0.2.10], ttl: 30 } ]
                """.formatted(cluster.workloads, namespaces, cluster.namespaces.getFirst(), selector);
    }
}
