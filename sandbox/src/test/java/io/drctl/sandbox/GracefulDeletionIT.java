package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deleted pod is Terminating for its grace period before it is gone; where the kubelet is dead, for good. */
class GracefulDeletionIT {
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
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    private void podWithGrace(String name, long graceSeconds) {
        c.pods()
                .inNamespace("chat")
                .resource(new PodBuilder(Manifests.barePod("chat", name, "node-1"))
                        .editSpec()
                        .withTerminationGracePeriodSeconds(graceSeconds)
                        .endSpec()
                        .build())
                .create();
    }

    @Test
    void a_pod_on_a_dead_node_stays_terminating_after_its_grace_period() throws Exception {
        podWithGrace("stuck", 1);
        sandbox.site("a").killKubelet("node-1");

        c.pods().inNamespace("chat").withName("stuck").delete();
        Thread.sleep(2500);

        assertThat(c.pods()
                        .inNamespace("chat")
                        .withName("stuck")
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp())
                .isNotNull();
    }

    @Test
    void a_pod_another_finalizer_holds_stays_terminating_after_its_grace_period() throws Exception {
        c.pods()
                .inNamespace("chat")
                .resource(new PodBuilder(Manifests.barePod("chat", "held", "node-1"))
                        .editMetadata()
                        .withFinalizers("example.com/backup")
                        .endMetadata()
                        .editSpec()
                        .withTerminationGracePeriodSeconds(1L)
                        .endSpec()
                        .build())
                .create();

        c.pods().inNamespace("chat").withName("held").delete();
        Thread.sleep(2500);

        Pod held = c.pods().inNamespace("chat").withName("held").get();
        assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(held.getMetadata().getFinalizers()).containsExactly("example.com/backup");
        assertThat(c.pods().inNamespace("chat").list().getItems())
                .as("the site still answers")
                .hasSize(1);
    }

    @Test
    void a_pod_on_a_live_node_is_terminating_for_its_grace_period_then_gone() throws Exception {
        podWithGrace("api", 2);
        Instant deleted = Instant.now();

        c.pods().inNamespace("chat").withName("api").delete();

        Pod terminating = c.pods().inNamespace("chat").withName("api").get();
        assertThat(terminating).as("Terminating, not gone yet").isNotNull();
        assertThat(Instant.parse(terminating.getMetadata().getDeletionTimestamp()))
                .as("deletionTimestamp: when the grace period ends")
                .isAfter(deleted.plusSeconds(1));
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(2L);
        Eventually.until(
                LIMIT, () -> c.pods().inNamespace("chat").withName("api").get(), p -> p == null);
        assertThat(Duration.between(deleted, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void the_grace_period_of_the_delete_overrides_the_pods_own() throws Exception {
        podWithGrace("api", 600);

        c.pods().inNamespace("chat").withName("api").withGracePeriod(0).delete();

        assertThat(c.pods().inNamespace("chat").withName("api").get())
                .as("gone at once")
                .isNull();
    }

    @Test
    void a_pod_without_its_own_grace_period_gets_the_default_thirty_seconds() throws Exception {
        c.pods()
                .inNamespace("chat")
                .resource(new PodBuilder(Manifests.barePod("chat", "plain", "node-1"))
                        .editSpec()
                        .withTerminationGracePeriodSeconds(null)
                        .endSpec()
                        .build())
                .create();

        c.pods().inNamespace("chat").withName("plain").delete();

        assertThat(c.pods()
                        .inNamespace("chat")
                        .withName("plain")
                        .get()
                        .getMetadata()
                        .getDeletionGracePeriodSeconds())
                .isEqualTo(30L);
    }
}
