package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose kubelet is gone never confirms a deletion: its pods stay Terminating, and controllers replace them elsewhere. */
class DeadKubeletIT {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient c;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a").controllerDelay(Duration.ZERO));
        c = sandbox.site("a").client();
        c.nodes().resource(Manifests.node("node-1", Map.of())).create();
        c.pods()
                .inNamespace("chat")
                .resource(Manifests.barePod("chat", "on-1", "node-1"))
                .create();
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    @Test
    void a_pod_deleted_on_a_dead_node_stays_terminating_while_one_on_a_live_node_goes_after_its_grace_period()
            throws Exception {
        c.nodes().resource(Manifests.node("node-2", Map.of())).create();
        c.pods()
                .inNamespace("chat")
                .resource(Manifests.barePod("chat", "on-2", "node-2"))
                .create();
        sandbox.site("a").killKubelet("node-1");
        assertThat(c.nodes().withName("node-1").get().getMetadata().getAnnotations())
                .containsEntry("sandbox.drctl.io/kubelet", "dead");

        c.pods().inNamespace("chat").withName("on-1").delete();
        c.pods().inNamespace("chat").withName("on-2").delete();

        Pod stuck = c.pods().inNamespace("chat").withName("on-1").get();
        assertThat(stuck).as("still there, Terminating").isNotNull();
        assertThat(stuck.getMetadata().getDeletionTimestamp()).isNotNull();
        Eventually.until(
                LIMIT, () -> c.pods().inNamespace("chat").withName("on-2").get(), p -> p == null);
        assertThat(c.pods().inNamespace("chat").withName("on-1").get())
                .as("still Terminating")
                .isNotNull();
        assertThat(c.nodes().withName("node-1").get().getStatus().getConditions())
                .anySatisfy(cond ->
                        assertThat(cond.getType() + "=" + cond.getStatus()).isEqualTo("Ready=Unknown"));
    }

    @Test
    void an_eviction_on_a_dead_node_is_accepted_but_the_pod_stays_terminating_and_gets_a_replacement()
            throws Exception {
        c.apps()
                .deployments()
                .inNamespace("chat")
                .resource(Manifests.deployment("chat", "api", 1, Map.of()))
                .create();
        Pod first = Eventually.until(
                        LIMIT,
                        () -> c.pods()
                                .inNamespace("chat")
                                .withLabel("app", "api")
                                .list()
                                .getItems(),
                        l -> l.size() == 1 && l.get(0).getSpec().getNodeName() != null)
                .get(0);
        c.nodes().resource(Manifests.node("node-2", Map.of())).create();
        sandbox.site("a").killKubelet(first.getSpec().getNodeName());
        c.nodes().withName(first.getSpec().getNodeName()).edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });

        assertThat(c.pods()
                        .inNamespace("chat")
                        .withName(first.getMetadata().getName())
                        .evict())
                .isTrue();

        List<Pod> pods = Eventually.until(
                LIMIT,
                () -> c.pods()
                        .inNamespace("chat")
                        .withLabel("app", "api")
                        .list()
                        .getItems(),
                l -> l.size() == 2);
        assertThat(pods)
                .filteredOn(p ->
                        p.getMetadata().getName().equals(first.getMetadata().getName()))
                .singleElement()
                .satisfies(
                        p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
        assertThat(pods)
                .filteredOn(p ->
                        !p.getMetadata().getName().equals(first.getMetadata().getName()))
                .singleElement()
                .satisfies(p -> assertThat(p.getSpec().getNodeName())
                        .isNotEqualTo(first.getSpec().getNodeName()));
    }
}
