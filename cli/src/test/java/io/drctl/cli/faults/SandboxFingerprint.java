package io.drctl.cli.faults;

import io.drctl.sandbox.Sandbox;
import io.drctl.sandbox.SandboxSite;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a Kubernetes crash matrix compares between a resumed run and an uninterrupted one, read
 * from the sandbox itself: each workload's desired replicas, pod-template annotations and how
 * many times its spec changed (metadata.generation since the seed — the API server bumps it once
 * per change of spec, however many requests carried it), and each node's cordon.
 */
record SandboxFingerprint(Map<String, String> objects) {
    /** Generations right after seeding, to count spec changes from. */
    record Baseline(Map<String, Long> generations) {}

    static Baseline baseline(Sandbox sandbox, String namespace) {
        Map<String, Long> generations = new TreeMap<>();
        for (SandboxSite site : sandbox.sites()) {
            try (KubernetesClient c = site.client()) {
                c.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .forEach(d -> generations.put(key(site, d), generation(d)));
                c.apps()
                        .statefulSets()
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .forEach(s -> generations.put(key(site, s), generation(s)));
            }
        }
        return new Baseline(generations);
    }

    static SandboxFingerprint of(Sandbox sandbox, String namespace, Baseline baseline) {
        Map<String, String> objects = new TreeMap<>();
        for (SandboxSite site : sandbox.sites()) {
            try (KubernetesClient c = site.client()) {
                for (Deployment d :
                        c.apps().deployments().inNamespace(namespace).list().getItems()) {
                    objects.put(
                            key(site, d),
                            workload(
                                    d.getSpec().getReplicas(),
                                    d.getSpec().getTemplate().getMetadata().getAnnotations(),
                                    generation(d) - baseline.generations().getOrDefault(key(site, d), 0L)));
                }
                for (StatefulSet s :
                        c.apps().statefulSets().inNamespace(namespace).list().getItems()) {
                    objects.put(
                            key(site, s),
                            workload(
                                    s.getSpec().getReplicas(),
                                    s.getSpec().getTemplate().getMetadata().getAnnotations(),
                                    generation(s) - baseline.generations().getOrDefault(key(site, s), 0L)));
                }
                for (Node n : c.nodes().list().getItems()) {
                    objects.put(
                            key(site, n),
                            "unschedulable="
                                    + (n.getSpec() != null
                                            && Boolean.TRUE.equals(n.getSpec().getUnschedulable())));
                }
            }
        }
        return new SandboxFingerprint(objects);
    }

    /** Objects whose spec changed more than once (each step changes a workload's spec at most once in the matrix's plan). */
    Set<String> changedMoreThanOnce() {
        return objects.entrySet().stream()
                .filter(e -> e.getValue().matches(".*spec changes=([2-9]|\\d\\d+).*"))
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** How many spec changes the fingerprint counts in all. */
    long specChanges() {
        return objects.values().stream()
                .filter(v -> v.contains("spec changes="))
                .mapToLong(v -> Long.parseLong(v.replaceAll(".*spec changes=(-?\\d+).*", "$1")))
                .sum();
    }

    private static String workload(Integer replicas, Map<String, String> annotations, long changes) {
        return "replicas=" + replicas + " annotations="
                + new TreeMap<>(Objects.requireNonNullElse(annotations, Map.of())) + " spec changes=" + changes;
    }

    private static long generation(HasMetadata o) {
        return Objects.requireNonNullElse(o.getMetadata().getGeneration(), 0L);
    }

    private static String key(SandboxSite site, HasMetadata o) {
        return site.name() + " " + o.getKind() + "/" + o.getMetadata().getName();
    }
}
