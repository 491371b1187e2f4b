package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The controllers' reads of their store: an object is parsed again exactly when the store's copy
 * changed, or when a tick changed the parsed copy in memory — never served stale either way.
 */
class StoreReadsTest {
    private static final String PODS = "/api/v1/pods";

    private final SandboxDispatcher site = new SandboxDispatcher();
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final StoreWrites writes = new StoreWrites(site::internal, serialization);
    private final StoreReads reads = new StoreReads(site.store(), serialization);

    @Test
    void an_object_nobody_wrote_is_parsed_once_and_a_written_one_again() {
        writes.create(Manifests.barePod("chat", "a", null));
        writes.create(Manifests.barePod("chat", "b", null));
        List<Pod> first = reads.list(PODS, Pod.class);

        writes.mergePatch(first.get(1), "{\"spec\":{\"nodeName\":\"node-1\"}}");
        List<Pod> second = reads.list(PODS, Pod.class);

        assertThat(second.get(0))
                .as("unchanged in the store: the same parsed object")
                .isSameAs(first.get(0));
        assertThat(second.get(1)).isNotSameAs(first.get(1));
        assertThat(second.get(1).getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void a_copy_a_tick_changed_in_memory_is_read_from_the_store_again_when_its_write_did_not_land() {
        writes.create(Manifests.barePod("chat", "a", null));
        Pod listed = reads.list(PODS, Pod.class).getFirst();
        reads.ticked();

        // The tick binds the pod in memory; its write is refused (the pod is gone meanwhile, say).
        reads.changed(listed);
        listed.getSpec().setNodeName("node-1");

        Pod next = reads.list(PODS, Pod.class).getFirst();
        assertThat(next.getSpec().getNodeName())
                .as("what the store holds, not the tick's hope")
                .isNull();
    }

    @Test
    void a_deleted_object_is_gone_from_the_next_read_and_a_path_that_is_no_list_is_refused() {
        writes.create(Manifests.barePod("chat", "a", null));
        Pod listed = reads.list(PODS, Pod.class).getFirst();
        writes.delete(listed); // never bound to a node: gone at once

        assertThat(reads.list(PODS, Pod.class)).isEmpty();
        assertThatThrownBy(() -> reads.list("/api/v1/namespaces/chat/pods/a", Pod.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
