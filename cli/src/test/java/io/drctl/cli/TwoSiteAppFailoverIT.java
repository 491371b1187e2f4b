package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The realistic two-site application (deploy/sandbox/two-site-app.yaml: a dozen Deployments with
 * Services, a StatefulSet, PDBs, a DaemonSet, an HPA, an emptyDir cache) failed over from pangyo
 * to gasan by the example plan, through the CLI, against the sandbox.
 */
class TwoSiteAppFailoverIT {
    static final Path PLAN = KubernetesCliIT.REPO.resolve("plans/examples/k8s-two-site-failover.yaml");
    static final Path SEED = KubernetesCliIT.REPO.resolve("deploy/sandbox/two-site-app.yaml");

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private CliHarness drctl;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir.resolve("sandbox"), "pangyo", "gasan")
                .controllerDelay(Duration.ofMillis(100))
                .nodesPerSite(3)
                .seed(SEED));
        drctl = new CliHarness(dir.resolve("state"))
                .env("KUBECONFIG", sandbox.kubeconfig().toString());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Map<String, Integer> replicas(KubernetesClient c) {
        Map<String, Integer> out = c.apps().deployments().inNamespace("chat").list().getItems().stream()
                .collect(Collectors.toMap(
                        d -> d.getMetadata().getName(), d -> d.getSpec().getReplicas()));
        for (StatefulSet s : c.apps().statefulSets().inNamespace("chat").list().getItems()) {
            out.put(s.getMetadata().getName(), s.getSpec().getReplicas());
        }
        return out;
    }

    @Test
    void the_standby_gets_the_active_sites_capacity_and_the_active_site_is_drained() throws Exception {
        Map<String, Integer> pangyoBefore;
        try (KubernetesClient pangyo = sandbox.site("pangyo").client();
                KubernetesClient gasan = sandbox.site("gasan").client()) {
            pangyoBefore = replicas(pangyo);
            assertThat(pangyoBefore).hasSize(13).containsEntry("api", 8).containsEntry("redis", 3);
            assertThat(replicas(gasan))
                    .as("one set of manifests; the standby's replicas given once")
                    .hasSize(13)
                    .allSatisfy((name, n) -> assertThat(n).isZero());
            assertThat(gasan.nodes().list().getItems()).hasSize(3);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pangyo.pods().inNamespace("chat").list().getItems().size() < 45) {
                assertThat(System.nanoTime())
                        .as("pangyo's 45 chat pods within 30s")
                        .isLessThan(end);
                Thread.sleep(100);
            }
        }
        CliHarness.Result snapshot = drctl.run("snapshot", PLAN.toString(), "--site", "pangyo");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isEqualTo(ExitCode.SUCCESS.code());

        CliHarness.Result run = drctl.run("run", PLAN.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        try (KubernetesClient pangyo = sandbox.site("pangyo").client();
                KubernetesClient gasan = sandbox.site("gasan").client()) {
            assertThat(replicas(gasan)).isEqualTo(pangyoBefore);
            assertThat(replicas(pangyo)).allSatisfy((name, n) -> assertThat(n).isZero());
            for (Deployment d :
                    gasan.apps().deployments().inNamespace("chat").list().getItems()) {
                assertThat(d.getStatus().getReadyReplicas())
                        .as(d.getMetadata().getName())
                        .isEqualTo(d.getSpec().getReplicas());
            }
            assertThat(pangyo.nodes().list().getItems())
                    .allSatisfy(n -> assertThat(n.getSpec().getUnschedulable()).isTrue());
        }
    }
}
