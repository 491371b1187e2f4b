package io.drctl.adapters.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same scenarios against a real Kubernetes (K3s in a container): real controllers, real
 * evictions, real PodDisruptionBudgets. Skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sScenariosIT extends KubernetesScenarios {
    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    private static Path kubeconfig;
    private static KubernetesClient client;

    @Override
    protected synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            try {
                kubeconfig = Files.createTempFile("drctl-k3s", ".kubeconfig");
                Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kubeconfig;
    }

    @Override
    protected String context() {
        return "default";
    }

    @Override
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                    .withHttpClientFactory(new JdkHttpClientFactory())
                    .build();
        }
        return client;
    }

    /** K3s has one node: it is the one drained; evicted pods stay Pending until the node is uncordoned after the test. */
    @Override
    public String nodeInZoneA() {
        String node = client().nodes().list().getItems().get(0).getMetadata().getName();
        client().nodes().withName(node).edit(n -> {
            n.getMetadata().getLabels().put("drctl-test/zone", "a");
            return n;
        });
        return node;
    }

    @Override
    protected Duration readyWithin() {
        return Duration.ofMinutes(2); // images are pulled on first use
    }

    @AfterEach
    void uncordon() {
        client().nodes()
                .list()
                .getItems()
                .forEach(n -> client().nodes()
                        .withName(n.getMetadata().getName())
                        .edit(x -> {
                            x.getSpec().setUnschedulable(null);
                            return x;
                        }));
    }

    @AfterAll
    static void closeClient() throws IOException {
        if (client != null) {
            client.close();
        }
        if (kubeconfig != null) {
            Files.deleteIfExists(kubeconfig);
        }
    }
}
