package io.drctl.cli.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the CloudNativePG operator for tests, since the sandbox runs none. It watches
 * {@code postgresql.cnpg.io/v1} Clusters on the clients it is given and answers a change of
 * {@code spec.replica.primary} the way the operator's distributed topology does, and nothing else:
 * <ul>
 *   <li>a Cluster that stops naming itself primary is demoted: {@code status.demotionToken} appears;</li>
 *   <li>a Cluster that starts naming itself primary is promoted: after {@code promotionDelay},
 *       {@code status.conditions} holds {@code {type: Ready, status: "True"}}.</li>
 * </ul>
 * Only changes count (the first sight of a Cluster is remembered, not acted on), so seeded
 * Clusters stay as seeded. Status is written through the status subresource, as an operator does.
 * Start it before seeding: a watch sees every Cluster it is to follow from its creation on.
 */
public final class CloudNativePgStandIn implements AutoCloseable {
    public static final ResourceDefinitionContext CLUSTER = new ResourceDefinitionContext.Builder()
            .withGroup("postgresql.cnpg.io")
            .withVersion("v1")
            .withKind("Cluster")
            .withPlural("clusters")
            .withNamespaced(true)
            .build();

    private final Duration promotionDelay;
    private final ScheduledExecutorService operator = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cnpg-stand-in");
        t.setDaemon(true);
        return t;
    });
    /** uid → the spec.replica.primary last seen on that Cluster. */
    private final Map<String, String> lastPrimary = new ConcurrentHashMap<>();

    private final List<Watch> watches = new ArrayList<>();

    private CloudNativePgStandIn(Duration promotionDelay) {
        this.promotionDelay = promotionDelay;
    }

    /** Starts watching the Clusters of every site whose client is given. */
    public static CloudNativePgStandIn start(Duration promotionDelay, KubernetesClient... sites) {
        CloudNativePgStandIn standIn = new CloudNativePgStandIn(promotionDelay);
        for (KubernetesClient site : sites) {
            installCustomResourceDefinition(site);
            standIn.watches.add(
                    site.genericKubernetesResources(CLUSTER).inAnyNamespace().watch(standIn.watcher(site)));
        }
        return standIn;
    }

    /** As installing the operator does: the site's API discovery then serves postgresql.cnpg.io/v1 Cluster. */
    private static void installCustomResourceDefinition(KubernetesClient site) {
        var crd = new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("clusters.postgresql.cnpg.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("postgresql.cnpg.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Cluster")
                .withPlural("clusters")
                .withSingular("cluster")
                .withListKind("ClusterList")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build();
        try {
            site.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private Watcher<GenericKubernetesResource> watcher(KubernetesClient site) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource cluster) {
                String uid = cluster.getMetadata().getUid();
                if (action == Action.DELETED) {
                    lastPrimary.remove(uid);
                    return;
                }
                String self = cluster.getMetadata().getName();
                String now = primaryOf(cluster);
                String before = lastPrimary.put(uid, now == null ? "" : now);
                if (action != Action.MODIFIED || before == null || before.equals(now)) {
                    return;
                }
                if (before.equals(self) && !self.equals(now)) {
                    operator.execute(() -> demote(site, cluster));
                } else if (self.equals(now)) {
                    operator.schedule(() -> promote(site, cluster), promotionDelay.toMillis(), TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test is over or the site was stopped: an operator whose API server is gone does nothing
            }
        };
    }

    private static String primaryOf(GenericKubernetesResource cluster) {
        Object primary = cluster.get("spec", "replica", "primary");
        return primary == null ? null : primary.toString();
    }

    /** The primary has shut down cleanly and archived its last WAL: it publishes the token a lossless promotion needs. */
    private void demote(KubernetesClient site, GenericKubernetesResource cluster) {
        String token = "demotion-" + UUID.randomUUID();
        patchStatus(site, cluster, "{\"status\":{\"demotionToken\":\"" + token + "\"}}");
    }

    /** The designated primary has been promoted and takes writes: the Cluster is Ready, if it still names itself primary. */
    private void promote(KubernetesClient site, GenericKubernetesResource seen) {
        GenericKubernetesResource current = site.genericKubernetesResources(CLUSTER)
                .inNamespace(seen.getMetadata().getNamespace())
                .withName(seen.getMetadata().getName())
                .get();
        if (current == null
                || !current.getMetadata().getUid().equals(seen.getMetadata().getUid())
                || !seen.getMetadata().getName().equals(primaryOf(current))) {
            return;
        }
        patchStatus(
                site,
                current,
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                        + "\"reason\":\"ClusterIsReady\",\"message\":\"Cluster is Ready\"}]}}");
    }

    private static void patchStatus(KubernetesClient site, GenericKubernetesResource cluster, String patch) {
        try {
            site.genericKubernetesResources(CLUSTER)
                    .inNamespace(cluster.getMetadata().getNamespace())
                    .withName(cluster.getMetadata().getName())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (RuntimeException e) {
            // the executor would swallow it; the test then times out waiting, and this says why
            System.err.println("cnpg stand-in: cannot set the status of Cluster "
                    + cluster.getMetadata().getName() + ": " + e);
        }
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        operator.shutdownNow();
    }
}
