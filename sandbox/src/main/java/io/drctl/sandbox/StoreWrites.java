package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * How the controllers write to their site: requests handed to the site's API in-process, the
 * answer's code checked and its body left unread. Through the Fabric8 client each of the tens of
 * thousands of writes a large failover makes was also serialized, cloned (a patch of an object
 * copies it through JSON first) and parsed back from the answer — twice the CPU of the write
 * itself, on the two cores drctl shares with the sandbox. The site's own handling (resource
 * versions, generations, graceful pod deletion, watch events) is the same as for any client.
 */
final class StoreWrites {
    private static final String MERGE = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    /** The kinds the controllers write, by the collection their objects live in. */
    private static final Map<String, String> COLLECTIONS = Map.of(
            "Pod", "/api/v1/namespaces/%s/pods",
            "ReplicaSet", "/apis/apps/v1/namespaces/%s/replicasets",
            "StatefulSet", "/apis/apps/v1/namespaces/%s/statefulsets",
            "Deployment", "/apis/apps/v1/namespaces/%s/deployments",
            "DaemonSet", "/apis/apps/v1/namespaces/%s/daemonsets");

    private final Function<RecordedRequest, MockResponse> site;
    private final KubernetesSerialization serialization;

    StoreWrites(Function<RecordedRequest, MockResponse> site, KubernetesSerialization serialization) {
        this.site = site;
        this.serialization = serialization;
    }

    void create(HasMetadata object) {
        send(HttpMethod.POST, collection(object), "application/json", serialization.asJson(object));
    }

    /** Deletes as a client's DELETE does: a pod is then Terminating for its grace period (see {@link Kubelets}). */
    void delete(HasMetadata object) {
        send(HttpMethod.DELETE, path(object), null, "");
    }

    void mergePatch(HasMetadata object, String patch) {
        send(HttpMethod.PATCH, path(object), MERGE, patch);
    }

    void jsonPatch(HasMetadata object, String patch) {
        send(HttpMethod.PATCH, path(object), JSON_PATCH, patch);
    }

    /** A merge patch of the status subresource: {@code status} is the new status's fields. */
    void mergePatchStatus(HasMetadata object, String status) {
        send(HttpMethod.PATCH, path(object) + "/status", MERGE, "{\"status\":" + status + "}");
    }

    void jsonPatchStatus(HasMetadata object, String patch) {
        send(HttpMethod.PATCH, path(object) + "/status", JSON_PATCH, patch);
    }

    private void send(HttpMethod method, String path, String contentType, String body) {
        Headers.Builder headers = new Headers.Builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        MockResponse answer = site.apply(new RecordedRequest(
                "HTTP/1.1", method, path, headers.build(), new Buffer(body.getBytes(StandardCharsets.UTF_8))));
        if (answer.code() < 200 || answer.code() > 299) {
            // The caller's tick leaves it to the next one, which sees the site afresh.
            throw new IllegalStateException(method + " " + path + ": " + answer.code());
        }
    }

    static String path(HasMetadata object) {
        return collection(object) + "/" + object.getMetadata().getName();
    }

    private static String collection(HasMetadata object) {
        String collection = COLLECTIONS.get(object.getKind());
        if (collection == null) {
            throw new IllegalArgumentException("the sandbox's controllers do not write " + object.getKind());
        }
        return collection.formatted(object.getMetadata().getNamespace());
    }
}
