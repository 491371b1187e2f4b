package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store answers through its name and kind index exactly as Fabric8's scan would: an object
 * whose labels changed is found under its new labels only, a deleted one nowhere, lists keep the
 * order objects were created in, and one namespace's objects never show in another's.
 */
class IndexedStoreIT {
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

    private void configMap(String namespace, String name, Map<String, String> labels) {
        c.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .endMetadata()
                        .addToData("k", name)
                        .build())
                .create();
    }

    @Test
    void an_object_whose_labels_changed_is_listed_under_its_new_labels_only_and_found_by_name() {
        configMap("chat", "one", Map.of("tier", "api"));
        configMap("chat", "two", Map.of("tier", "api"));

        c.configMaps()
                .inNamespace("chat")
                .withName("one")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"tier\":\"ws\"}}}");

        assertThat(c.configMaps()
                        .inNamespace("chat")
                        .withLabel("tier", "api")
                        .list()
                        .getItems())
                .extracting(m -> m.getMetadata().getName())
                .containsExactly("two");
        assertThat(c.configMaps()
                        .inNamespace("chat")
                        .withLabel("tier", "ws")
                        .list()
                        .getItems())
                .extracting(m -> m.getMetadata().getName())
                .containsExactly("one");
        assertThat(c.configMaps()
                        .inNamespace("chat")
                        .withName("one")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("tier", "ws");
    }

    @Test
    void a_deleted_object_is_gone_from_gets_and_lists_and_its_name_can_be_used_again() {
        configMap("chat", "one", Map.of());
        c.configMaps().inNamespace("chat").withName("one").delete();

        assertThat(c.configMaps().inNamespace("chat").withName("one").get()).isNull();
        assertThat(c.configMaps().inNamespace("chat").list().getItems()).isEmpty();

        configMap("chat", "one", Map.of("again", "yes"));
        assertThat(c.configMaps()
                        .inNamespace("chat")
                        .withName("one")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("again", "yes");
    }

    @Test
    void lists_keep_creation_order_and_namespaces_apart_and_a_name_in_two_namespaces_is_two_objects() {
        configMap("chat", "b", Map.of());
        configMap("chat", "a", Map.of());
        configMap("web", "a", Map.of());
        c.pods()
                .inNamespace("chat")
                .resource(Manifests.barePod("chat", "a", null))
                .create();

        assertThat(c.configMaps().inNamespace("chat").list().getItems())
                .extracting(m -> m.getMetadata().getName())
                .containsExactly("b", "a");
        assertThat(c.configMaps().inAnyNamespace().list().getItems()).hasSize(3);
        assertThat(c.configMaps().inNamespace("web").withName("a").get().getData())
                .containsEntry("k", "a");
        Pod pod = c.pods().inNamespace("chat").withName("a").get();
        assertThat(pod.getKind())
                .as("a pod and a ConfigMap of the same name are not confused")
                .isEqualTo("Pod");
        assertThat(c.pods().inNamespace("web").list().getItems()).isEmpty();
    }

    @Test
    void an_empty_collection_is_an_empty_list_and_api_documents_still_answer() {
        configMap("chat", "one", Map.of());

        assertThat(c.apps().statefulSets().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(c.configMaps().inNamespace("web").list().getItems()).isEmpty();
        String url = sandbox.site("a").url();
        assertThat(c.raw(url + "/apis/apps/v1")).contains("\"deployments\"");
        assertThat(c.raw(url + "/api/v1")).contains("\"pods\"");
    }

    @Test
    void only_a_path_that_ends_in_its_collection_counts_as_one() {
        assertThat(IndexedStore.isCollection("/api/v1/pods", "plural", "pods")).isTrue();
        assertThat(IndexedStore.isCollection("/apis/apps/v1/namespaces/x/deployments?limit=5", "plural", "deployments"))
                .isTrue();
        assertThat(IndexedStore.isCollection("/apis/apps/v1", "plural", "v1")).isFalse();
        assertThat(IndexedStore.isCollection("/api/v1", "plural", "v1")).isFalse();
        assertThat(IndexedStore.isCollection("/apis/bench.drctl.io", "plural", "bench.drctl.io"))
                .isFalse();
        assertThat(IndexedStore.isCollection("/api/v1/pods", "kind", "pods")).isFalse();
    }
}
