package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.sandbox.testing.Eventually;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox over real HTTP: what it adds to Fabric8's mock behaves like a real cluster. */
class SandboxIT {
    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private KubernetesClient start(String... sites) {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, sites).controllerDelay(Duration.ofMillis(200)));
        return sandbox.site(sites[0]).client();
    }

    @Test
    void writes_a_kubeconfig_with_one_context_per_site_on_loopback_ports() throws Exception {
        start("pangyo", "gasan");

        String kubeconfig = Files.readString(sandbox.kubeconfig());
        assertThat(kubeconfig)
                .contains(
                        "name: \"pangyo\"",
                        "name: \"gasan\"",
                        "http://127.0.0.1:" + sandbox.site("gasan").port());
        assertThat(sandbox.site("pangyo").port())
                .isNotEqualTo(sandbox.site("gasan").port());
    }

    @Test
    void status_follows_spec_after_the_delay_and_pods_appear_and_disappear() throws Exception {
        try (KubernetesClient c = start("a")) {
            c.nodes().resource(Manifests.node("node-1", Map.of())).create();
            c.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(Manifests.deployment("chat", "api", 3, Map.of("tier", "api")))
                    .create();

            Deployment d = Eventually.until(
                    Duration.ofSeconds(10),
                    () -> c.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get(),
                    x -> x.getStatus() != null
                            && Integer.valueOf(3).equals(x.getStatus().getReadyReplicas()));
            assertThat(d.getStatus().getObservedGeneration())
                    .isEqualTo(d.getMetadata().getGeneration());
            List<Pod> pods =
                    c.pods().inNamespace("chat").withLabel("app", "api").list().getItems();
            assertThat(pods)
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-1"));

            c.apps().deployments().inNamespace("chat").withName("api").scale(1);
            Eventually.until(
                    Duration.ofSeconds(10),
                    () -> c.pods()
                            .inNamespace("chat")
                            .withLabel("app", "api")
                            .list()
                            .getItems()
                            .size(),
                    n -> n == 1);
        }
    }

    @Test
    void
            eviction_is_refused_with_429_while_a_disruption_budget_forbids_it_and_deletes_the_pod_gracefully_once_it_allows()
                    throws Exception {
        try (KubernetesClient c = start("a")) {
            c.nodes().resource(Manifests.node("node-1", Map.of())).create();
            c.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(Manifests.deployment("chat", "api", 2, Map.of()))
                    .create();
            c.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace("chat")
                    .resource(Manifests.minAvailable("chat", "api-pdb", "api", 2))
                    .create();
            List<Pod> pods = Eventually.until(
                    Duration.ofSeconds(10),
                    () -> c.pods().inNamespace("chat").list().getItems(),
                    l -> l.size() == 2);
            String victim = pods.get(0).getMetadata().getName();

            assertThat(c.pods().inNamespace("chat").withName(victim).evict())
                    .as("refused: 429")
                    .isFalse();

            c.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace("chat")
                    .withName("api-pdb")
                    .edit(p -> {
                        p.getSpec().setMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(1));
                        return p;
                    });
            assertThat(c.pods().inNamespace("chat").withName(victim).evict()).isTrue();
            assertThat(c.pods()
                            .inNamespace("chat")
                            .withName(victim)
                            .get()
                            .getMetadata()
                            .getDeletionTimestamp())
                    .as("Terminating for its grace period")
                    .isNotNull();
            Eventually.until(
                    Duration.ofSeconds(10),
                    () -> c.pods().inNamespace("chat").withName(victim).get(),
                    p -> p == null);
        }
    }

    @Test
    void evicting_a_pod_that_is_gone_answers_404_at_once() {
        try (KubernetesClient c = start("a")) {
            assertThatThrownBy(
                            () -> c.pods().inNamespace("chat").withName("nope").evict())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(404));
        }
    }

    @Test
    void serves_version_and_discovery_documents() throws Exception {
        start("a").close();
        HttpClient http = HttpClient.newHttpClient();
        String base = sandbox.site("a").url();

        assertThat(get(http, base + "/version")).contains("drctl-sandbox");
        assertThat(get(http, base + "/apis")).contains("\"apps\"", "policy", "coordination.k8s.io");
        assertThat(get(http, base + "/apis/apps/v1")).contains("\"deployments\"", "deployments/scale");
        assertThat(get(http, base + "/api/v1")).contains("pods/eviction");
    }

    @Test
    void discovery_lists_the_short_names_and_singular_names_kubectl_resolves() throws Exception {
        start("a").close();
        HttpClient http = HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.JsonNode apps = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(get(http, sandbox.site("a").url() + "/apis/apps/v1"));
        com.fasterxml.jackson.databind.JsonNode deployments = null;
        for (com.fasterxml.jackson.databind.JsonNode r : apps.path("resources")) {
            if (r.path("name").asText().equals("deployments")) {
                deployments = r;
            }
        }
        assertThat(deployments).isNotNull();
        assertThat(deployments.path("shortNames").toString()).isEqualTo("[\"deploy\"]");
        assertThat(deployments.path("singularName").asText()).isEqualTo("deployment");
        assertThat(get(http, sandbox.site("a").url() + "/api/v1"))
                .contains("\"shortNames\":[\"po\"]", "\"svc\"", "\"no\"");
        // Fabric8 resolves kinds through the same documents.
        try (KubernetesClient c = sandbox.site("a").client()) {
            assertThat(c.supports(Deployment.class)).isTrue();
            assertThat(c.getApiResources("apps/v1").getResources())
                    .anyMatch(r -> r.getShortNames().contains("sts"));
        }
    }

    @Test
    void every_answer_takes_the_latency_asked_for() {
        try (KubernetesClient c = start("a")) {
            sandbox.site("a").latency(Duration.ofMillis(400));
            long startNanos = System.nanoTime();
            c.namespaces().list();
            assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void seeds_sites_from_ordinary_manifests_each_where_its_annotation_says() throws Exception {
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(seed, """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: everywhere, namespace: chat }
                data: { a: "1" }
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: api, namespace: chat, annotations: { sandbox.drctl.io/sites: pangyo } }
                spec:
                  replicas: 2
                  selector: { matchLabels: { app: api } }
                  template: { metadata: { labels: { app: api } }, spec: { containers: [ { name: api, image: x } ] } }
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: { name: chat-db, namespace: chat, annotations: { sandbox.drctl.io/sites: gasan } }
                spec: { instances: 3 }
                """);
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "pangyo", "gasan").seed(seed));

        try (KubernetesClient p = sandbox.site("pangyo").client();
                KubernetesClient g = sandbox.site("gasan").client()) {
            assertThat(p.configMaps().inNamespace("chat").withName("everywhere").get())
                    .isNotNull();
            assertThat(g.configMaps().inNamespace("chat").withName("everywhere").get())
                    .isNotNull();
            assertThat(p.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get())
                    .isNotNull();
            assertThat(g.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get())
                    .isNull();
            var clusters = SeedManifests.context("postgresql.cnpg.io/v1", "Cluster");
            assertThat(g.genericKubernetesResources(clusters)
                            .inNamespace("chat")
                            .withName("chat-db")
                            .get())
                    .isNotNull();
            assertThat(p.genericKubernetesResources(clusters)
                            .inNamespace("chat")
                            .withName("chat-db")
                            .get())
                    .isNull();
        }
    }

    @Test
    void one_manifest_gives_the_standby_its_own_replicas_and_generated_nodes_come_per_site() throws Exception {
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(seed, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: api, namespace: chat, annotations: { sandbox.drctl.io/replicas: "gasan=0" } }
                spec:
                  replicas: 4
                  selector: { matchLabels: { app: api } }
                  template: { metadata: { labels: { app: api } }, spec: { containers: [ { name: api, image: x } ] } }
                """);
        sandbox = Sandbox.start(
                Sandbox.Options.of(dir, "pangyo", "gasan").nodesPerSite(4).seed(seed));

        try (KubernetesClient p = sandbox.site("pangyo").client();
                KubernetesClient g = sandbox.site("gasan").client()) {
            assertThat(p.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get()
                            .getSpec()
                            .getReplicas())
                    .isEqualTo(4);
            assertThat(g.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get()
                            .getSpec()
                            .getReplicas())
                    .isZero();
            assertThat(g.nodes().list().getItems())
                    .extracting(n -> n.getMetadata().getName())
                    .containsExactly("gasan-node-1", "gasan-node-2", "gasan-node-3", "gasan-node-4");
            assertThat(g.nodes()
                            .withLabel("topology.kubernetes.io/zone", "gasan-a")
                            .list()
                            .getItems())
                    .hasSize(2);
        }
    }

    @Test
    void a_replicas_annotation_that_does_not_parse_is_refused_naming_the_manifest() throws Exception {
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(seed, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: api, namespace: chat, annotations: { sandbox.drctl.io/replicas: "gasan:zero" } }
                spec: { replicas: 1, selector: { matchLabels: { app: api } }, template: { metadata: { labels: { app: api } } } }
                """);
        assertThatThrownBy(() ->
                        Sandbox.start(Sandbox.Options.of(dir, "pangyo", "gasan").seed(seed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Deployment api: annotation sandbox.drctl.io/replicas 'gasan:zero' is not SITE=REPLICAS[,SITE=REPLICAS]");
        assertThat(dir.resolve("kubeconfig"))
                .as("nothing half-done: no kubeconfig for a sandbox that did not start")
                .doesNotExist();
    }

    @Test
    void a_stopped_site_refuses_connections() {
        KubernetesClient c = start("a");
        sandbox.site("a").stop();

        assertThatThrownBy(() -> c.namespaces().list()).isInstanceOf(KubernetesClientException.class);
        c.close();
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
