package io.drctl.bench;

import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two sites a measurement runs against: {@code site-a} (the failed site, N Deployments at R
 * replicas each) and {@code site-b} (the same Deployments at 0), spread over M namespaces, with
 * enough nodes for every pod, a custom resource the plan patches, and the latency of a real
 * network on every client request. Each contender (drctl, the sequential runbook) gets a fresh
 * pair, so neither inherits the other's changes.
 */
final class BenchCluster implements AutoCloseable {
    static final String FAILED = "site-a";
    static final String SURVIVOR = "site-b";
    static final String SELECTOR_LABEL = "part-of";
    static final String SELECTOR_VALUE = "bench";
    /** Pods a node takes in the sandbox's scheduler; nodes are added so every pod fits. */
    private static final int PODS_PER_NODE = 100;

    final Sandbox sandbox;
    final List<String> namespaces;
    final int workloads;

    private BenchCluster(Sandbox sandbox, List<String> namespaces, int workloads) {
        this.sandbox = sandbox;
        this.namespaces = namespaces;
        this.workloads = workloads;
    }

    static BenchCluster start(BenchmarkOptions options, int workloads, Path dir) throws IOException {
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < Math.min(options.namespaces(), workloads); i++) {
            namespaces.add("bench-%02d".formatted(i));
        }
        Files.createDirectories(dir);
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(seed, seed(namespaces, workloads, options.replicas()));
        int nodes = 3 + (workloads * options.replicas() + PODS_PER_NODE - 1) / PODS_PER_NODE;
        Sandbox sandbox = Sandbox.start(new Sandbox.Options(
                List.of(FAILED, SURVIVOR),
                options.controllerDelay(),
                options.latency(),
                Optional.of(seed),
                dir.resolve("sandbox"),
                Map.of(),
                nodes));
        return new BenchCluster(sandbox, namespaces, workloads);
    }

    /**
     * Waits until the failed site runs every pod of its seed (each Deployment's ready replicas at
     * {@code replicas}), as the site drctl fails over runs before its fire, and says how long the
     * sandbox's controllers took to start them.
     */
    Duration awaitRunning(int replicas) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        try (KubernetesClient a = sandbox.site(FAILED).client()) {
            while (true) {
                long ready = 0;
                for (String ns : namespaces) {
                    for (Deployment d :
                            a.apps().deployments().inNamespace(ns).list().getItems()) {
                        Integer r = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
                        ready += r == null ? 0 : Math.min(r, replicas);
                    }
                }
                if (ready == (long) workloads * replicas) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("site-a's sandbox started only " + ready + " of "
                            + (long) workloads * replicas + " pods in ten minutes");
                }
                Thread.sleep(100);
            }
        }
    }

    static String deployment(int i) {
        return "app-%05d".formatted(i);
    }

    String namespaceOf(int i) {
        return namespaces.get(i % namespaces.size());
    }

    private static String seed(List<String> namespaces, int workloads, int replicas) {
        StringBuilder y = new StringBuilder();
        for (String ns : namespaces) {
            y.append("apiVersion: v1\nkind: Namespace\nmetadata: { name: ")
                    .append(ns)
                    .append(" }\n---\n");
        }
        for (int i = 0; i < workloads; i++) {
            String name = deployment(i);
            y.append("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: %1$s
                      namespace: %2$s
                      labels: { %3$s: %4$s, app: %1$s }
                      annotations: { sandbox.drctl.io/replicas: "%5$s=0" }
                    spec:
                      replicas: %6$d
                      selector: { matchLabels: { app: %1$s } }
                      template:
                        metadata: { labels: { %3$s: %4$s, app: %1$s } }
                        spec: { terminationGracePeriodSeconds: 1, containers: [ { name: app, image: "registry.example/app:1" } ] }
                    ---
                    """.formatted(
                    name, namespaces.get(i % namespaces.size()), SELECTOR_LABEL, SELECTOR_VALUE, SURVIVOR, replicas));
        }
        // What the plan patches: a custom resource standing for a traffic switch at the surviving site,
        // with its definition, as a real cluster has it (k8s.patch finds the type by discovery).
        y.append("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: trafficpolicies.bench.drctl.io
                  annotations: { sandbox.drctl.io/sites: %s }
                spec:
                  group: bench.drctl.io
                  scope: Namespaced
                  names: { kind: TrafficPolicy, plural: trafficpolicies, singular: trafficpolicy, listKind: TrafficPolicyList }
                  versions: [ { name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } } } ]
                ---
                """.formatted(SURVIVOR));
        y.append("""
                apiVersion: bench.drctl.io/v1
                kind: TrafficPolicy
                metadata:
                  name: primary
                  namespace: %s
                  annotations: { sandbox.drctl.io/sites: %s }
                spec: { activeSite: %s }
                """.formatted(namespaces.getFirst(), SURVIVOR, FAILED));
        return y.toString();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
