package io.drctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Who confirms a pod's deletion. A live kubelet confirms at once (the sandbox runs no
 * containers to stop), so a delete or an eviction removes the pod. A node whose kubelet is
 * gone ({@link #DEAD_ANNOTATION}, set by {@link SandboxSite#killKubelet}) never confirms: its
 * pods get a {@code deletionTimestamp} and stay Terminating, as on a real cluster.
 */
final class Kubelets {
    static final String DEAD_ANNOTATION = "sandbox.drctl.io/kubelet";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesCrudDispatcher store;

    Kubelets(KubernetesCrudDispatcher store) {
        this.store = store;
    }

    /** Deletes the pod, or marks it Terminating when its node's kubelet is dead. 404 when it does not exist. */
    MockResponse delete(String podPath) {
        MockResponse found = store.handleGet(podPath);
        if (found.code() == 404) {
            return found;
        }
        JsonNode pod = read(found.getBody().readUtf8());
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty() || !deadKubelet(node)) {
            return store.handleDelete(podPath);
        }
        if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
            return found; // already Terminating
        }
        // The finalizer stands for the kubelet's confirmation that never comes (the mock removes an
        // object marked for deletion that has none).
        String patch = "{\"metadata\":{\"deletionTimestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\",\"deletionGracePeriodSeconds\":30,\"finalizers\":[\"" + DEAD_ANNOTATION + "\"]}}";
        Headers headers = new Headers.Builder().add("Content-Type", "application/merge-patch+json").build();
        return store.handlePatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, podPath, headers, new Buffer().writeUtf8(patch)));
    }

    boolean deadKubelet(String node) {
        MockResponse n = store.handleGet("/api/v1/nodes/" + node);
        return n.code() == 200 && "dead".equals(read(n.getBody().readUtf8()).path("metadata").path("annotations")
                .path(DEAD_ANNOTATION).asText());
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
