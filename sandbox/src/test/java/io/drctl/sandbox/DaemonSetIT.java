package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DaemonSets: one pod per node their selector fits, updated per strategy, and a status counted as the real controller counts. */
class DaemonSetIT {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient c;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a").controllerDelay(Duration.ZERO));
        c = sandbox.site("a").client();
        c.nodes().resource(Manifests.node("node-1", Map.of("disk", "ssd"))).create();
        c.nodes().resource(Manifests.node("node-2", Map.of("disk", "ssd"))).create();
        c.nodes().resource(Manifests.node("node-3", Map.of())).create();
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    private DaemonSet status(String name) {
        return c.apps().daemonSets().inNamespace("chat").withName(name).get();
    }

    @Test
    void a_pod_on_a_node_whose_kubelet_is_gone_is_scheduled_but_never_available() throws Exception {
        sandbox.site("a").killKubelet("node-2");

        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(Manifests.daemonSet("chat", "agent"))
                .create();

        DaemonSet ds = Eventually.until(
                LIMIT,
                () -> status("agent"),
                d -> d.getStatus() != null
                        && Integer.valueOf(3).equals(d.getStatus().getCurrentNumberScheduled()));
        assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
        assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(2);
        assertThat(ds.getStatus().getNumberUnavailable()).isEqualTo(1);
    }

    @Test
    void it_runs_one_pod_on_each_node_its_selector_fits_cordoned_ones_included() throws Exception {
        c.nodes().withName("node-1").edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });

        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(new DaemonSetBuilder(Manifests.daemonSet("chat", "agent"))
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .withNodeSelector(Map.of("disk", "ssd"))
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();

        DaemonSet ds = Eventually.until(
                LIMIT,
                () -> status("agent"),
                d -> d.getStatus() != null
                        && Integer.valueOf(2).equals(d.getStatus().getNumberAvailable()));
        assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
        assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
        assertThat(ds.getStatus().getObservedGeneration())
                .isEqualTo(ds.getMetadata().getGeneration());
        assertThat(c.pods().inNamespace("chat").withLabel("app", "agent").list().getItems())
                .extracting(p -> p.getSpec().getNodeName())
                .containsExactlyInAnyOrder("node-1", "node-2");
    }

    @Test
    void with_on_delete_a_new_template_replaces_no_pod() throws Exception {
        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(new DaemonSetBuilder(Manifests.daemonSet("chat", "agent"))
                        .editSpec()
                        .withNewUpdateStrategy()
                        .withType("OnDelete")
                        .endUpdateStrategy()
                        .endSpec()
                        .build())
                .create();
        Eventually.until(
                LIMIT,
                () -> status("agent"),
                d -> d.getStatus() != null
                        && Integer.valueOf(3).equals(d.getStatus().getNumberAvailable()));

        newTemplate("agent");

        DaemonSet ds = Eventually.until(
                LIMIT,
                () -> status("agent"),
                d -> d.getStatus()
                        .getObservedGeneration()
                        .equals(d.getMetadata().getGeneration()));
        Thread.sleep(500);
        assertThat(status("agent").getStatus().getUpdatedNumberScheduled()).isZero();
        assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(3);
    }

    @Test
    void with_rolling_update_a_new_template_replaces_every_pod() throws Exception {
        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(Manifests.daemonSet("chat", "agent"))
                .create();
        List<Pod> before = Eventually.until(
                LIMIT,
                () -> c.pods()
                        .inNamespace("chat")
                        .withLabel("app", "agent")
                        .list()
                        .getItems(),
                l -> l.size() == 3);

        newTemplate("agent");

        Eventually.until(
                LIMIT,
                () -> status("agent"),
                d -> d.getStatus()
                                .getObservedGeneration()
                                .equals(d.getMetadata().getGeneration())
                        && Integer.valueOf(3).equals(d.getStatus().getUpdatedNumberScheduled())
                        && Integer.valueOf(3).equals(d.getStatus().getNumberAvailable()));
        assertThat(c.pods().inNamespace("chat").withLabel("version", "2").list().getItems())
                .hasSize(3)
                .allSatisfy(p -> assertThat(before)
                        .extracting(b -> b.getMetadata().getName())
                        .doesNotContain(p.getMetadata().getName()));
    }

    @Test
    void a_rolling_update_takes_down_at_most_max_unavailable_nodes_at_a_time() throws Exception {
        c.nodes().resource(Manifests.node("node-4", Map.of())).create();
        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(Manifests.daemonSet("chat", "agent")) // RollingUpdate, maxUnavailable defaults to 1
                .create();
        Eventually.until(LIMIT, () -> available("agent"), n -> n == 4);

        newTemplate("agent");
        int fewest = 4;
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end && updatedAndAvailable("agent") < 4) {
            fewest = Math.min(fewest, available("agent"));
            Thread.sleep(10);
        }

        assertThat(updatedAndAvailable("agent")).isEqualTo(4);
        assertThat(fewest).as("nodes with an available pod during the rollout").isGreaterThanOrEqualTo(3);
    }

    @Test
    void a_pod_that_never_becomes_ready_holds_the_budget_and_the_rollout_stalls_as_on_a_cluster() throws Exception {
        sandbox.site("a").killKubelet("node-3");
        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(Manifests.daemonSet("chat", "agent"))
                .create();
        Eventually.until(LIMIT, () -> available("agent"), n -> n == 2);

        newTemplate("agent");

        // node-3's old pod is unavailable, so it may go at once: it stays Terminating (its kubelet
        // is gone) and no new pod comes there; that node lacking an available pod uses the whole
        // budget, so the two ready pods are not replaced.
        Eventually.until(
                LIMIT,
                () -> c.pods()
                        .inNamespace("chat")
                        .withLabel("app", "agent")
                        .list()
                        .getItems(),
                l -> l.stream()
                        .anyMatch(p -> "node-3".equals(p.getSpec().getNodeName())
                                && p.getMetadata().getDeletionTimestamp() != null));
        Thread.sleep(1000); // ten controller ticks
        assertThat(c.pods().inNamespace("chat").withLabel("version", "2").list().getItems())
                .isEmpty();
        assertThat(available("agent")).isEqualTo(2);
    }

    @Test
    void with_max_surge_the_new_pod_starts_beside_the_old_one_and_no_node_is_left_without_an_available_pod()
            throws Exception {
        c.nodes().resource(Manifests.node("node-4", Map.of())).create();
        c.apps()
                .daemonSets()
                .inNamespace("chat")
                .resource(new DaemonSetBuilder(Manifests.daemonSet("chat", "agent"))
                        .editSpec()
                        .withMinReadySeconds(1)
                        .withNewUpdateStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                        .withNewMaxSurge(1)
                        .withNewMaxUnavailable(0)
                        .endRollingUpdate()
                        .endUpdateStrategy()
                        .endSpec()
                        .build())
                .create();
        // Available (ready for minReadySeconds), not only ready: an unavailable old pod is replaced without budget.
        Eventually.until(
                LIMIT,
                () -> status("agent"),
                d -> d.getStatus() != null
                        && Integer.valueOf(4).equals(d.getStatus().getNumberAvailable()));

        newTemplate("agent");
        int fewestNodesServed = 4;
        int mostPodsAtOnce = 0;
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end && updatedAndAvailable("agent") < 4) {
            List<Pod> live = c.pods().inNamespace("chat").withLabel("app", "agent").list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .toList();
            fewestNodesServed = Math.min(fewestNodesServed, (int) live.stream()
                    .filter(Readiness::ready)
                    .map(p -> p.getSpec().getNodeName())
                    .distinct()
                    .count());
            mostPodsAtOnce = Math.max(mostPodsAtOnce, live.size());
            Thread.sleep(10);
        }

        assertThat(updatedAndAvailable("agent")).isEqualTo(4);
        Eventually.until(LIMIT, () -> available("agent"), n -> n == 4);
        assertThat(fewestNodesServed)
                .as("nodes with a ready pod during the rollout")
                .isEqualTo(4);
        assertThat(mostPodsAtOnce).as("4 nodes + maxSurge 1").isEqualTo(5);
        assertThat(status("agent").getStatus().getUpdatedNumberScheduled()).isEqualTo(4);
    }

    @Test
    void max_unavailable_as_a_percentage_is_rounded_up_over_the_nodes_that_run_the_daemon_set() {
        DaemonSet ds = new DaemonSetBuilder(Manifests.daemonSet("chat", "agent"))
                .editSpec()
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withNewMaxUnavailable("25%")
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();

        assertThat(DaemonSetController.maxUnavailable(ds, 3)).isEqualTo(1);
        assertThat(DaemonSetController.maxUnavailable(ds, 5)).isEqualTo(2);
        assertThat(DaemonSetController.maxUnavailable(ds, 0)).isEqualTo(1);
    }

    /** A new pod template, sent again when the controller's status write raced it (409), as kubectl edit would ask. */
    private void newTemplate(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                c.apps().daemonSets().inNamespace("chat").withName(name).edit(d -> {
                    d.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
                    return d;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Nodes with a ready, not terminating pod of {@code name}. */
    private int available(String name) {
        return (int) c.pods().inNamespace("chat").withLabel("app", name).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Readiness.ready(p))
                .count();
    }

    private int updatedAndAvailable(String name) {
        return (int) c.pods().inNamespace("chat").withLabel("version", "2").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Readiness.ready(p))
                .count();
    }
}
