package io.drctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Eviction subresource, which Fabric8's mock lacks: {@code POST
 * /api/v1/namespaces/NS/pods/NAME/eviction} deletes the pod unless a PodDisruptionBudget whose
 * selector matches it would be violated, in which case it answers 429 as a real API server does.
 * One eviction at a time per site, so two parallel evictions cannot both spend the last
 * disruption a budget allows.
 */
final class Evictions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesCrudDispatcher store;
    private final Kubelets kubelets;

    Evictions(KubernetesCrudDispatcher store, Kubelets kubelets) {
        this.store = store;
        this.kubelets = kubelets;
    }

    synchronized MockResponse evict(String namespace, String pod, Long gracePeriodSeconds) {
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + pod;
        MockResponse found = store.handleGet(podPath);
        if (found.code() == 404) {
            return status(404, "NotFound", "pods \"" + pod + "\" not found");
        }
        JsonNode podJson = read(found.getBody().readUtf8());
        Map<String, String> labels = labels(podJson.path("metadata").path("labels"));
        JsonNode pdbs = read(store.handleGet("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets")
                .getBody()
                .readUtf8());
        JsonNode pods = null;
        for (JsonNode pdb : pdbs.path("items")) {
            JsonNode selector = pdb.path("spec").path("selector");
            if (!matches(selector, labels)) {
                continue;
            }
            if (pods == null) {
                pods = read(store.handleGet("/api/v1/namespaces/" + namespace + "/pods")
                        .getBody()
                        .readUtf8());
            }
            int covered = 0;
            int healthy = 0;
            for (JsonNode p : pods.path("items")) {
                if (matches(selector, labels(p.path("metadata").path("labels")))) {
                    covered++;
                    if ("Running".equals(p.path("status").path("phase").asText("Running"))
                            && p.path("metadata").path("deletionTimestamp").isMissingNode()) {
                        healthy++;
                    }
                }
            }
            int allowed =
                    allowedDisruptions(pdb.path("spec"), Math.max(covered, expected(namespace, selector)), healthy);
            if (allowed < 1) {
                return status(
                        429,
                        "TooManyRequests",
                        "Cannot evict pod as it would violate the pod's disruption budget. "
                                + "The disruption budget "
                                + pdb.path("metadata").path("name").asText() + " needs "
                                + (healthy - allowed) + " healthy pods and has " + healthy + " currently");
            }
        }
        kubelets.delete(
                podPath, gracePeriodSeconds); // Terminating for its grace period; for good where the kubelet is gone
        return status(201, null, "evicted");
    }

    /**
     * How many pods the budget's workloads should have (their spec.replicas), as the disruption
     * controller counts: a pod evicted a moment ago is missing, not forgotten.
     */
    private int expected(String namespace, JsonNode selector) {
        int sum = 0;
        for (String kind : new String[] {"deployments", "statefulsets"}) {
            JsonNode list = read(store.handleGet("/apis/apps/v1/namespaces/" + namespace + "/" + kind)
                    .getBody()
                    .readUtf8());
            for (JsonNode w : list.path("items")) {
                if (matches(
                        selector,
                        labels(w.path("spec").path("template").path("metadata").path("labels")))) {
                    sum += w.path("spec").path("replicas").asInt(1);
                }
            }
        }
        return sum;
    }

    static int allowedDisruptions(JsonNode spec, int covered, int healthy) {
        if (spec.has("minAvailable")) {
            return healthy - absolute(spec.get("minAvailable"), covered, true);
        }
        if (spec.has("maxUnavailable")) {
            int unhealthy = covered - healthy;
            return absolute(spec.get("maxUnavailable"), covered, false) - unhealthy;
        }
        return healthy > 0 ? 1 : 0;
    }

    private static int absolute(JsonNode value, int total, boolean roundUp) {
        if (value.isTextual() && value.asText().endsWith("%")) {
            double percent = Double.parseDouble(
                    value.asText().substring(0, value.asText().length() - 1));
            double v = total * percent / 100.0;
            return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
        }
        return value.asInt();
    }

    /** A LabelSelector object (matchLabels and matchExpressions) against labels. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false; // a budget without a selector selects nothing (policy/v1)
        }
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            Set<String> values = new HashSet<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static MockResponse status(int code, String reason, String message) {
        ObjectNode s = JSON.createObjectNode()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", code < 300 ? "Success" : "Failure")
                .put("message", message)
                .put("code", code);
        if (reason != null) {
            s.put("reason", reason);
        }
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(s.toString());
    }
}
