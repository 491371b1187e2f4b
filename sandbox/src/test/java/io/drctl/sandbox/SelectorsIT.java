package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists answered with label and field selectors as a real API server answers them (the mock alone does not). */
class SelectorsIT {
    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient c;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir, "a"));
        c = sandbox.site("a").client();
        pod("web-1", "node-1", "Running", Map.of("app", "web", "tier", "front"));
        pod("web-2", "node-2", "Running", Map.of("app", "web", "tier", "front"));
        pod("db-1", "node-1", "Running", Map.of("app", "db"));
        pod("batch-1", null, "Pending", Map.of("app", "batch", "tier", "back"));
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    private void pod(String name, String node, String phase, Map<String, String> labels) {
        Pod p = Manifests.barePod("chat", name, node);
        p.getMetadata().setLabels(labels);
        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(phase)
                .build());
        c.pods().inNamespace("chat").resource(p).create();
    }

    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
    }

    @Test
    void spec_node_name_selects_the_pods_of_one_node_and_empty_selects_the_unscheduled() {
        assertThat(names(c.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", "node-1")
                        .list()
                        .getItems()))
                .containsExactly("db-1", "web-1");
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withField("spec.nodeName", "")
                        .list()
                        .getItems()))
                .containsExactly("batch-1");
    }

    @Test
    void status_phase_and_metadata_name_and_negation_combine() {
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withField("status.phase", "Pending")
                        .list()
                        .getItems()))
                .containsExactly("batch-1");
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withField("metadata.name", "web-2")
                        .list()
                        .getItems()))
                .containsExactly("web-2");
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withoutField("status.phase", "Running")
                        .withField("spec.nodeName", "")
                        .list()
                        .getItems()))
                .containsExactly("batch-1");
    }

    @Test
    void set_based_label_selectors_are_applied_not_ignored() {
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withLabelSelector("app in (web,db),tier notin (front)")
                        .list()
                        .getItems()))
                .containsExactly("db-1");
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withLabelSelector("!tier")
                        .list()
                        .getItems()))
                .containsExactly("db-1");
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withLabelSelector("tier,app!=web")
                        .list()
                        .getItems()))
                .containsExactly("batch-1");
        assertThat(names(c.pods()
                        .inNamespace("chat")
                        .withLabelSelector("tier=front")
                        .withField("spec.nodeName", "node-2")
                        .list()
                        .getItems()))
                .containsExactly("web-2");
    }

    @Test
    void a_selector_that_does_not_parse_is_a_400_not_everything() {
        assertThatThrownBy(() -> c.pods()
                        .inNamespace("chat")
                        .withLabelSelector("app in web")
                        .list())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(400));
    }

    @Test
    void nodes_are_selected_by_set_based_labels_too() {
        c.nodes()
                .resource(Manifests.node("n-a", Map.of("topology.kubernetes.io/zone", "a")))
                .create();
        c.nodes()
                .resource(Manifests.node("n-b", Map.of("topology.kubernetes.io/zone", "b")))
                .create();
        assertThat(names(c.nodes()
                        .withLabelSelector("topology.kubernetes.io/zone in (b)")
                        .list()
                        .getItems()))
                .containsExactly("n-b");
    }
}
