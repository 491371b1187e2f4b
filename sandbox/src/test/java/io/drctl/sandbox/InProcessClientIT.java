package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's own client, which hands requests to its site in-process: the same answers as
 * over the network (errors included), but no latency, no faults, no count.
 */
class InProcessClientIT {
    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void the_sites_faults_latency_and_counts_do_not_apply_to_its_own_work() {
        sandbox = Sandbox.start(
                Sandbox.Options.of(dir, "a").latency(Duration.ofMillis(500)).fault("a", Fault.parse("half-dead")));
        SandboxSite a = sandbox.site("a");
        long start = System.nanoTime();
        try (KubernetesClient internal = a.internalClient()) {
            for (int i = 0; i < 20; i++) {
                internal.configMaps()
                        .inNamespace("default")
                        .resource(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("cm-" + i)
                                .endMetadata()
                                .addToData("i", String.valueOf(i))
                                .build())
                        .create();
            }
            assertThat(internal.configMaps().inNamespace("default").list().getItems())
                    .hasSize(20);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("21 requests to a half-dead site at 500 ms each, answered in-process")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(a.requestCounts()).isEmpty();
    }

    @Test
    void errors_read_as_they_do_over_the_network() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a"));
        try (KubernetesClient internal = sandbox.site("a").internalClient()) {
            assertThat(internal.pods().inNamespace("chat").withName("missing").get())
                    .isNull();
            var deployment = Manifests.deployment("chat", "api", 1, Map.of());
            internal.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(deployment)
                    .create();
            assertThatThrownBy(() -> internal.apps()
                            .deployments()
                            .inNamespace("chat")
                            .resource(deployment)
                            .create())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(409));
            internal.apps()
                    .deployments()
                    .inNamespace("chat")
                    .withName("api")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
            try (KubernetesClient network = sandbox.site("a").client()) {
                assertThat(network.apps()
                                .deployments()
                                .inNamespace("chat")
                                .withName("api")
                                .get()
                                .getSpec()
                                .getReplicas())
                        .as("what the in-process client wrote, read over the network")
                        .isEqualTo(3);
            }
        }
    }
}
