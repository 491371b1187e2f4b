package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sites that misbehave on purpose, and what the sandbox tells about the requests it received. */
class SiteFaultsIT {
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
    void a_half_dead_site_answers_version_and_discovery_but_hangs_everything_else() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a", "b").fault("a", Fault.parse("half-dead")));
        HttpClient http = HttpClient.newHttpClient();
        String base = sandbox.site("a").url();

        assertThat(send(http, base + "/version", Duration.ofSeconds(5)).body()).contains("drctl-sandbox");
        assertThat(send(http, base + "/apis/apps/v1", Duration.ofSeconds(5)).body())
                .contains("deployments");
        assertThatThrownBy(() -> send(http, base + "/api/v1/namespaces/default/pods", Duration.ofSeconds(2)))
                .isInstanceOf(HttpTimeoutException.class);
        try (KubernetesClient b = sandbox.site("b").client()) {
            assertThat(b.pods().list().getItems()).as("the other site is fine").isEmpty();
        }
    }

    @Test
    void a_dead_site_refuses_connections_but_stays_in_the_kubeconfig() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a", "b").fault("a", Fault.parse("dead")));

        assertThat(Files.readString(sandbox.kubeconfig()))
                .contains(sandbox.site("a").url());
        try (KubernetesClient a = sandbox.site("a").client()) {
            assertThatThrownBy(() -> a.pods().list()).isInstanceOf(KubernetesClientException.class);
        }
    }

    @Test
    void a_flaky_site_fails_about_the_share_asked_for_with_500_or_429() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a").fault("a", Fault.parse("flaky:50%")));
        HttpClient http = HttpClient.newHttpClient();
        int failed = 0;
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            int code = send(
                            http,
                            sandbox.site("a").url() + "/api/v1/namespaces/default/configmaps",
                            Duration.ofSeconds(5))
                    .statusCode();
            assertThat(code).isIn(200, 500, 429);
            failed += code == 200 ? 0 : 1;
            throttled += code == 429 ? 1 : 0;
        }
        assertThat(failed).isBetween(60, 140);
        assertThat(throttled).isPositive().isLessThan(failed);
    }

    @Test
    void a_slow_site_answers_late_but_its_controllers_are_not_slowed() throws Exception {
        sandbox = Sandbox.start(
                Sandbox.Options.of(dir, "a").controllerDelay(Duration.ZERO).fault("a", Fault.parse("slow:300ms")));
        try (KubernetesClient c = sandbox.site("a").client()) {
            long start = System.nanoTime();
            c.nodes().resource(Manifests.node("node-1", Map.of())).create();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            c.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(Manifests.deployment("chat", "api", 30, Map.of()))
                    .create();
            // 30 pods through a 300 ms site would take 9 s if the controller paid the latency too.
            Eventually.until(
                    Duration.ofSeconds(4),
                    () -> sandbox.site("a")
                            .internalClient()
                            .pods()
                            .inNamespace("chat")
                            .list()
                            .getItems()
                            .size(),
                    n -> n == 30);
        }
    }

    @Test
    void bad_faults_are_refused_with_one_line() {
        assertThatThrownBy(() -> Fault.parse("asleep"))
                .hasMessage("'asleep' is not a fault (dead, half-dead, slow[:2s], flaky[:30%])");
        assertThatThrownBy(() -> Fault.parse("flaky:120%")).hasMessageContaining("not a share of requests");
        assertThatThrownBy(() -> Fault.parse("slow:soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Sandbox.Options.of(dir, "a").fault("b", Fault.parse("dead")))
                .hasMessageContaining("not one of the sites [a]");
    }

    @Test
    void counts_client_requests_per_verb_and_not_its_own() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a").controllerDelay(Duration.ZERO));
        try (KubernetesClient c = sandbox.site("a").client()) {
            c.nodes().resource(Manifests.node("node-1", Map.of())).create();
            c.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(Manifests.deployment("chat", "api", 2, Map.of()))
                    .create();
            c.apps().deployments().inNamespace("chat").withName("api").get();
            c.apps().deployments().inNamespace("chat").list();
            c.apps().deployments().inNamespace("chat").list();
            Thread.sleep(500); // the controller works meanwhile; its requests are not the clients'
        }
        assertThat(sandbox.site("a").requestCounts())
                .containsEntry("create", 2L)
                .containsEntry("get", 1L)
                .containsEntry("list", 2L);
        String overHttp = send(
                        HttpClient.newHttpClient(),
                        sandbox.site("a").url() + "/drctl-sandbox/requests",
                        Duration.ofSeconds(5))
                .body();
        assertThat(overHttp).contains("\"create\":2", "\"get\":1", "\"list\":2");
        assertThat(sandbox.site("a").requestCounts())
                .as("reading the counts is not counted")
                .containsEntry("get", 1L);
    }

    @Test
    void a_second_sandbox_in_the_same_directory_is_refused_and_the_first_keeps_its_kubeconfig() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a"));
        String before = Files.readString(sandbox.kubeconfig());

        assertThatThrownBy(() -> Sandbox.start(Sandbox.Options.of(dir, "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another sandbox is running in " + dir);
        assertThat(Files.readString(sandbox.kubeconfig())).isEqualTo(before);
    }

    @Test
    void the_kubeconfig_appears_only_once_the_seed_is_loaded() throws Exception {
        StringBuilder seed = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            seed.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-")
                    .append(i)
                    .append(", namespace: chat }\n");
        }
        Files.writeString(dir.resolve("seed.yaml"), seed);
        Path kubeconfig = dir.resolve("sb").resolve("kubeconfig");
        int[] seen = {-1};
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (!Files.exists(kubeconfig)) {
                Thread.onSpinWait();
            }
            try (KubernetesClient c = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build()) {
                seen[0] = c.configMaps().inNamespace("chat").list().getItems().size();
            } catch (Exception e) {
                seen[0] = -2;
            }
        });
        sandbox = Sandbox.start(Sandbox.Options.of(dir.resolve("sb"), "a").seed(dir.resolve("seed.yaml")));
        watcher.join(20_000);
        assertThat(seen[0])
                .as("ConfigMaps a reader saw the moment the kubeconfig appeared")
                .isEqualTo(300);
    }

    private static HttpResponse<String> send(HttpClient http, String url, Duration timeout) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }
}
