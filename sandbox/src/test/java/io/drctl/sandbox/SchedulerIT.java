package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods go only where a node fits, stay Pending otherwise, and a Pending pod is never counted ready. */
class SchedulerIT {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient c;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a").controllerDelay(Duration.ZERO));
        c = sandbox.site("a").client();
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    private List<Pod> pods() {
        return c.pods().inNamespace("chat").list().getItems();
    }

    private Deployment api() {
        return c.apps().deployments().inNamespace("chat").withName("api").get();
    }

    private static int ready(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
    }

    @Test
    void pods_stay_pending_and_unready_while_every_node_is_cordoned_then_run_once_one_is_uncordoned() throws Exception {
        Node node = Manifests.node("node-1", Map.of());
        node.getSpec().setUnschedulable(true);
        c.nodes().resource(node).create();
        c.apps()
                .deployments()
                .inNamespace("chat")
                .resource(Manifests.deployment("chat", "api", 3, Map.of()))
                .create();

        Eventually.until(LIMIT, this::pods, l -> l.size() == 3);
        Thread.sleep(500); // several controller ticks
        assertThat(pods()).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(p.getSpec().getNodeName()).isNull();
        });
        Deployment d = Eventually.until(
                LIMIT,
                this::api,
                x -> x.getStatus() != null
                        && Integer.valueOf(3).equals(x.getStatus().getReplicas()));
        assertThat(ready(d)).as("a Pending pod is never ready").isZero();
        assertThat(d.getStatus().getAvailableReplicas()).isZero();

        c.nodes().withName("node-1").edit(n -> {
            n.getSpec().setUnschedulable(false);
            return n;
        });
        Eventually.until(LIMIT, this::api, x -> ready(x) == 3);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-1"));
    }

    @Test
    void a_node_selector_for_a_zone_without_nodes_leaves_the_pods_pending() throws Exception {
        c.nodes()
                .resource(Manifests.node("a-1", Map.of("topology.kubernetes.io/zone", "a")))
                .create();
        Deployment d = Manifests.deployment("chat", "api", 2, Map.of());
        d.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("topology.kubernetes.io/zone", "b"));
        c.apps().deployments().inNamespace("chat").resource(d).create();

        Eventually.until(LIMIT, this::pods, l -> l.size() == 2);
        Thread.sleep(500);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());

        c.nodes()
                .resource(Manifests.node("b-1", Map.of("topology.kubernetes.io/zone", "b")))
                .create();
        Eventually.until(LIMIT, this::api, x -> ready(x) == 2);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("b-1"));
    }

    @Test
    void a_full_node_takes_no_more_pods_and_the_rest_stay_pending() throws Exception {
        Node node = Manifests.node("node-1", Map.of());
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withAllocatable(Map.of("pods", new Quantity("2")))
                .build());
        c.nodes().resource(node).create();
        c.apps()
                .deployments()
                .inNamespace("chat")
                .resource(Manifests.deployment("chat", "api", 3, Map.of()))
                .create();

        Eventually.until(
                LIMIT,
                this::api,
                x -> x.getStatus() != null
                        && Integer.valueOf(3).equals(x.getStatus().getReplicas())
                        && ready(x) == 2);
        Thread.sleep(500);
        assertThat(ready(api())).isEqualTo(2);
        assertThat(pods().stream().filter(p -> p.getSpec().getNodeName() == null))
                .hasSize(1);
    }
}
