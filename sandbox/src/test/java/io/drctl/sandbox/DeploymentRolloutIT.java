package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments roll out as kube-controller-manager rolls them: one ReplicaSet per template hash,
 * within maxSurge and maxUnavailable, Recreate only once the old pods are gone, and
 * ProgressDeadlineExceeded when a rollout stops making progress.
 */
class DeploymentRolloutIT {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient c;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a").controllerDelay(Duration.ofMillis(200)));
        c = sandbox.site("a").client();
        c.nodes().resource(Manifests.node("node-1", Map.of("zone", "a"))).create();
        c.nodes().resource(Manifests.node("node-2", Map.of("zone", "a"))).create();
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    private Deployment api() {
        return c.apps().deployments().inNamespace("chat").withName("api").get();
    }

    private List<ReplicaSet> replicaSets() {
        return c.apps().replicaSets().inNamespace("chat").list().getItems();
    }

    private List<Pod> livePods() {
        return c.pods().inNamespace("chat").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private void create(Deployment d) throws InterruptedException {
        c.apps().deployments().inNamespace("chat").resource(d).create();
        int replicas = d.getSpec().getReplicas();
        Eventually.until(LIMIT, this::api, x -> complete(x, replicas));
    }

    private static boolean complete(Deployment d, int replicas) {
        return d.getStatus() != null
                && Integer.valueOf(replicas).equals(d.getStatus().getUpdatedReplicas())
                && Integer.valueOf(replicas).equals(d.getStatus().getReplicas())
                && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas())
                && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration());
    }

    private void changeTemplate(String json) {
        c.apps()
                .deployments()
                .inNamespace("chat")
                .withName("api")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"template\":" + json + "}}");
    }

    private static Optional<DeploymentCondition> progressing(Deployment d) {
        return d.getStatus() == null || d.getStatus().getConditions() == null
                ? Optional.empty()
                : d.getStatus().getConditions().stream()
                        .filter(x -> "Progressing".equals(x.getType()))
                        .findFirst();
    }

    @Test
    void a_rollout_whose_new_pods_fit_no_node_ends_in_progress_deadline_exceeded_and_keeps_the_old_pods()
            throws Exception {
        Deployment d = new DeploymentBuilder(Manifests.deployment("chat", "api", 2, Map.of()))
                .editSpec()
                .withProgressDeadlineSeconds(2)
                .endSpec()
                .build();
        create(d);

        changeTemplate("{\"spec\":{\"nodeSelector\":{\"zone\":\"nowhere\"}}}");

        Deployment stalled = Eventually.until(
                LIMIT,
                this::api,
                x -> progressing(x)
                        .map(p -> "ProgressDeadlineExceeded".equals(p.getReason()))
                        .orElse(false));
        DeploymentCondition condition = progressing(stalled).orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getMessage()).contains("has timed out progressing");
        assertThat(stalled.getStatus().getAvailableReplicas())
                .as("maxUnavailable 25%% of 2 is 0: the old pods keep serving")
                .isEqualTo(2);
        assertThat(livePods())
                .filteredOn(p -> "Pending".equals(p.getStatus().getPhase()))
                .as("maxSurge 25%% of 2 is 1: one new pod, Pending")
                .hasSize(1);
    }

    @Test
    void a_complete_deployment_scaled_up_onto_no_room_keeps_waiting_without_a_deadline_as_a_real_cluster_does()
            throws Exception {
        Deployment d = new DeploymentBuilder(Manifests.deployment("chat", "api", 1, Map.of()))
                .editSpec()
                .withProgressDeadlineSeconds(1)
                .endSpec()
                .build();
        create(d);
        c.nodes()
                .list()
                .getItems()
                .forEach(n -> c.nodes().withName(n.getMetadata().getName()).edit(x -> {
                    x.getSpec().setUnschedulable(true);
                    return x;
                }));

        c.apps().deployments().inNamespace("chat").withName("api").scale(3);
        Eventually.until(
                LIMIT,
                this::api,
                x -> x.getStatus() != null
                        && Integer.valueOf(3).equals(x.getStatus().getReplicas()));
        Thread.sleep(3000);

        Deployment waiting = api();
        assertThat(waiting.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(progressing(waiting).orElseThrow().getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(waiting.getStatus().getConditions())
                .filteredOn(x -> "Available".equals(x.getType()))
                .singleElement()
                .satisfies(x -> assertThat(x.getStatus()).isEqualTo("False"));
    }

    @Test
    void a_new_template_rolls_out_through_a_replica_set_named_by_its_hash_and_the_old_one_ends_at_zero()
            throws Exception {
        create(Manifests.deployment("chat", "api", 3, Map.of()));
        String first = replicaSets().getFirst().getMetadata().getName();

        changeTemplate("{\"metadata\":{\"annotations\":{\"restartedAt\":\"now\"}}}");

        Eventually.until(LIMIT, this::api, x -> complete(x, 3) && replicaSets().size() == 2);
        Eventually.until(LIMIT, this::livePods, pods -> pods.size() == 3);
        ReplicaSet current = replicaSets().stream()
                .filter(rs -> !rs.getMetadata().getName().equals(first))
                .findFirst()
                .orElseThrow();
        String hash = current.getMetadata().getLabels().get("pod-template-hash");
        assertThat(current.getMetadata().getName()).isEqualTo("api-" + hash);
        assertThat(current.getSpec().getReplicas()).isEqualTo(3);
        assertThat(current.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(replicaSets())
                .filteredOn(rs -> rs.getMetadata().getName().equals(first))
                .singleElement()
                .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        assertThat(livePods()).allSatisfy(p -> {
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
            assertThat(p.getMetadata().getOwnerReferences().getFirst().getName())
                    .isEqualTo("api-" + hash);
        });
        assertThat(progressing(api()).orElseThrow().getReason()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void a_rolling_update_keeps_within_max_surge_and_max_unavailable_throughout() throws Exception {
        create(Manifests.withStrategy(Manifests.deployment("chat", "api", 4, Map.of()), "RollingUpdate", 1, 0));
        AtomicInteger mostLive = new AtomicInteger();
        AtomicInteger fewestReady = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                List<Pod> live = livePods();
                mostLive.accumulateAndGet(live.size(), Math::max);
                fewestReady.accumulateAndGet(
                        (int) live.stream().filter(Readiness::ready).count(), Math::min);
            }
        });

        changeTemplate("{\"metadata\":{\"annotations\":{\"restartedAt\":\"now\"}}}");
        Eventually.until(LIMIT, this::api, x -> complete(x, 4) && x.getStatus().getUpdatedReplicas() == 4);
        Eventually.until(LIMIT, this::livePods, pods -> pods.size() == 4);
        watching.set(false);
        sampler.join();

        assertThat(mostLive.get()).as("never more than 4 + maxSurge 1 pods").isLessThanOrEqualTo(5);
        assertThat(mostLive.get()).as("the surge was used").isEqualTo(5);
        assertThat(fewestReady.get())
                .as("never fewer than 4 - maxUnavailable 0 ready")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void recreate_starts_no_new_pod_while_an_old_one_is_still_terminating_on_a_dead_node() throws Exception {
        create(Manifests.withStrategy(Manifests.deployment("chat", "api", 2, Map.of()), "Recreate", 0, 0));
        sandbox.site("a").killKubelet("node-1");

        changeTemplate("{\"metadata\":{\"annotations\":{\"restartedAt\":\"now\"}}}");
        Eventually.until(LIMIT, this::livePods, List::isEmpty);
        Thread.sleep(2000);

        assertThat(c.pods().inNamespace("chat").list().getItems())
                .as("only the old pod stuck Terminating on node-1; no new pod started beside it")
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull();
                    assertThat(p.getSpec().getNodeName()).isEqualTo("node-1");
                });
        assertThat(api().getStatus().getAvailableReplicas()).isZero();
    }

    @Test
    void recreate_replaces_every_pod_once_the_old_ones_are_gone() throws Exception {
        create(Manifests.withStrategy(Manifests.deployment("chat", "api", 2, Map.of()), "Recreate", 0, 0));
        AtomicBoolean mixed = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                long hashes = c.pods().inNamespace("chat").list().getItems().stream()
                        .map(p -> p.getMetadata().getLabels().get("pod-template-hash"))
                        .distinct()
                        .count();
                if (hashes > 1) {
                    mixed.set(true);
                }
            }
        });

        changeTemplate("{\"metadata\":{\"annotations\":{\"restartedAt\":\"now\"}}}");
        Eventually.until(LIMIT, this::api, x -> complete(x, 2) && x.getStatus().getUpdatedReplicas() == 2);
        watching.set(false);
        sampler.join();

        assertThat(mixed)
                .as("old and new pods never side by side, Terminating ones included")
                .isFalse();
    }

    @Test
    void going_back_to_an_earlier_template_takes_its_replica_set_back() throws Exception {
        create(Manifests.deployment("chat", "api", 2, Map.of()));
        String first = replicaSets().getFirst().getMetadata().getName();
        changeTemplate("{\"metadata\":{\"annotations\":{\"v\":\"2\"}}}");
        Eventually.until(LIMIT, this::api, x -> complete(x, 2) && replicaSets().size() == 2);

        changeTemplate("{\"metadata\":{\"annotations\":{\"v\":null}}}");

        Eventually.until(
                LIMIT,
                this::livePods,
                pods -> pods.size() == 2
                        && pods.stream()
                                .allMatch(p -> p.getMetadata()
                                        .getOwnerReferences()
                                        .getFirst()
                                        .getName()
                                        .equals(first)));
        assertThat(replicaSets()).hasSize(2);
    }

    @Test
    void a_pod_counts_as_available_only_after_min_ready_seconds() throws Exception {
        c.apps()
                .deployments()
                .inNamespace("chat")
                .resource(new DeploymentBuilder(Manifests.deployment("chat", "api", 1, Map.of()))
                        .editSpec()
                        .withMinReadySeconds(2)
                        .endSpec()
                        .build())
                .create();

        Deployment ready = Eventually.until(
                LIMIT,
                this::api,
                x -> x.getStatus() != null
                        && Integer.valueOf(1).equals(x.getStatus().getReadyReplicas()));
        assertThat(ready.getStatus().getAvailableReplicas()).isIn(null, 0);
        Eventually.until(
                Duration.ofSeconds(6),
                this::api,
                x -> Integer.valueOf(1).equals(x.getStatus().getAvailableReplicas()));
    }
}
