package io.drctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Who confirms a pod's deletion, as the API server and kubelet share it. A delete (or an
 * eviction) with a grace period — the request's {@code gracePeriodSeconds}, else the pod's
 * {@code terminationGracePeriodSeconds}, else 30 as the API defaults it — sets
 * {@code deletionTimestamp} to now plus the grace period and leaves the pod Terminating; on a
 * live node the kubelet confirms once that time has passed (the sandbox runs no containers that
 * could stop sooner, so a pod uses its whole grace period) and the pod is gone. A grace period of
 * 0, or a pod never bound to a node, goes at once. A node whose kubelet is gone
 * ({@link #DEAD_ANNOTATION}, set by {@link SandboxSite#killKubelet}) never confirms: its pods
 * stay Terminating for good, as on a real cluster.
 */
final class Kubelets {
    static final String DEAD_ANNOTATION = "sandbox.drctl.io/kubelet";
    /** The finalizer that stands for the kubelet's confirmation (the mock removes an object marked for deletion that has none). */
    private static final String CONFIRMATION = "sandbox.drctl.io/kubelet";

    private static final long DEFAULT_GRACE_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesCrudDispatcher store;

    Kubelets(KubernetesCrudDispatcher store) {
        this.store = store;
    }

    /**
     * Deletes the pod, or marks it Terminating for its grace period. 404 when it does not exist.
     *
     * @param gracePeriodSeconds what the delete (or eviction) asked for; null: the pod's own
     */
    MockResponse delete(String podPath, Long gracePeriodSeconds) {
        MockResponse found = store.handleGet(podPath);
        if (found.code() == 404) {
            return found;
        }
        JsonNode pod = read(found.getBody().readUtf8());
        String node = pod.path("spec").path("nodeName").asText("");
        boolean dead = !node.isEmpty() && deadKubelet(node);
        JsonNode own = pod.path("spec").path("terminationGracePeriodSeconds");
        long grace =
                gracePeriodSeconds != null ? gracePeriodSeconds : own.isNumber() ? own.asLong() : DEFAULT_GRACE_SECONDS;
        if (!dead && (node.isEmpty() || grace <= 0)) {
            return store.handleDelete(podPath);
        }
        if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
            return found; // already Terminating (a shorter grace period would shorten it; not simulated)
        }
        // A pod that others' finalizers hold already stays until they let go; the kubelet's
        // confirmation is added only to one nothing else holds. (The mock hangs on a patch that
        // changes the finalizers of an object being deleted while some remain.)
        boolean held = pod.path("metadata").path("finalizers").size() > 0;
        String patch = "{\"metadata\":{\"deletionTimestamp\":\""
                + Instant.now().plusSeconds(Math.max(grace, 0)).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"deletionGracePeriodSeconds\":" + Math.max(grace, 0)
                + (held ? "" : ",\"finalizers\":[\"" + CONFIRMATION + "\"]") + "}}";
        return store.handlePatch(
                new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, podPath, MERGE, new Buffer().writeUtf8(patch)));
    }

    /** Whether the pod is Terminating and waits for its kubelet's confirmation. */
    boolean awaitsConfirmation(Pod p) {
        return p.getMetadata().getFinalizers() != null
                && p.getMetadata().getFinalizers().equals(List.of(CONFIRMATION));
    }

    /** The patch by which the kubelet confirms the pod's end: its confirmation finalizer removed, the store then drops the pod. */
    static final String CONFIRMATION_PATCH = "{\"metadata\":{\"finalizers\":null}}";

    private static final Headers MERGE = new Headers.Builder()
            .add("Content-Type", "application/merge-patch+json")
            .build();

    boolean deadKubelet(String node) {
        MockResponse n = store.handleGet("/api/v1/nodes/" + node);
        return n.code() == 200
                && "dead"
                        .equals(read(n.getBody().readUtf8())
                                .path("metadata")
                                .path("annotations")
                                .path(DEAD_ANNOTATION)
                                .asText());
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
