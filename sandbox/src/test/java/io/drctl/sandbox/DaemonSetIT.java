package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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

        c.apps().daemonSets().inNamespace("chat").withName("agent").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
            return d;
        });

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

        c.apps().daemonSets().inNamespace("chat").withName("agent").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
            return d;
        });

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
}
