package io.drctl.bench;

import io.drctl.sandbox.SeedManifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same failover as a runbook of kubectl commands typed or scripted one after another:
 * {@code kubectl scale} for every Deployment of site-a, then of site-b (counts from a capacity
 * sheet), {@code kubectl rollout status} for each, {@code kubectl patch} of the custom resource and
 * {@code kubectl apply} of the DNS record. Each command is reduced to its API calls (kubectl's
 * own process start-up, ~0.1 s a command, is not counted: the baseline is the fastest a
 * sequential runbook can be).
 */
final class SequentialBaseline {
    private static final Duration ROLLOUT_POLL = Duration.ofMillis(50);

    private SequentialBaseline() {}

    static Duration run(BenchCluster cluster, int replicas) throws InterruptedException {
        long started = System.nanoTime();
        try (KubernetesClient a = cluster.sandbox.site(BenchCluster.FAILED).client();
                KubernetesClient b = cluster.sandbox.site(BenchCluster.SURVIVOR).client()) {
            for (int i = 0; i < cluster.workloads; i++) {
                scale(a, cluster.namespaceOf(i), BenchCluster.deployment(i), 0);
            }
            for (int i = 0; i < cluster.workloads; i++) {
                scale(b, cluster.namespaceOf(i), BenchCluster.deployment(i), replicas);
            }
            for (int i = 0; i < cluster.workloads; i++) {
                rolloutStatus(b, cluster.namespaceOf(i), BenchCluster.deployment(i));
            }
            var policies = b.genericKubernetesResources(SeedManifests.context("bench.drctl.io/v1", "TrafficPolicy"));
            policies.inNamespace(cluster.namespaces.getFirst())
                    .withName("primary")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"activeSite\":\"site-b\"}}");
            applyDnsEndpoint(b);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** {@code kubectl scale deployment NAME --replicas=N}: read it, then write the new count. */
    private static void scale(KubernetesClient client, String ns, String name, int replicas) {
        var deployment = client.apps().deployments().inNamespace(ns).withName(name);
        Deployment current = deployment.get();
        if (current == null) {
            throw new IllegalStateException("deployment " + ns + "/" + name + " is missing");
        }
        deployment.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    /** {@code kubectl rollout status deployment NAME}: until every replica is updated, ready and available. */
    private static void rolloutStatus(KubernetesClient client, String ns, String name) throws InterruptedException {
        while (true) {
            Deployment d =
                    client.apps().deployments().inNamespace(ns).withName(name).get();
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            var s = d.getStatus();
            if (s != null
                    && value(s.getReadyReplicas()) == want
                    && value(s.getAvailableReplicas()) == want
                    && value(s.getUpdatedReplicas()) >= want) {
                return;
            }
            Thread.sleep(ROLLOUT_POLL.toMillis()); // kubectl watches; a short poll costs about the same time
        }
    }

    private static int value(Integer n) {
        return n == null ? 0 : n;
    }

    /** {@code kubectl apply -f dnsendpoint.yaml}: read what is there, then create or replace it. */
    private static void applyDnsEndpoint(KubernetesClient client) {
        var endpoints = client.genericKubernetesResources(
                        SeedManifests.context("externaldns.k8s.io/v1alpha1", "DNSEndpoint"))
                .inNamespace("external-dns");
        GenericKubernetesResource existing = endpoints.withName("bench").get();
        GenericKubernetesResource wanted = new GenericKubernetesResource();
        wanted.setApiVersion("externaldns.k8s.io/v1alpha1");
        wanted.setKind("DNSEndpoint");
        wanted.setMetadata(new ObjectMetaBuilder()
                .withName("bench")
                .withNamespace("external-dns")
                .build());
        Map<String, Object> spec = new HashMap<>();
        spec.put(
                "endpoints",
                List.of(Map.of(
                        "dnsName",
                        "app.bench.test",
                        "recordType",
                        "A",
                        "targets",
                        List.of("192.0.2.10"),
                        "recordTTL",
                        30)));
        wanted.setAdditionalProperty("spec", spec);
        if (existing == null) {
            endpoints.resource(wanted).create();
        } else {
            endpoints.resource(wanted).update();
        }
    }
}
