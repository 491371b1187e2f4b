package io.drctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The discovery documents a real API server serves ({@code /api}, {@code /apis},
 * {@code /api/v1}, {@code /apis/GROUP/VERSION}) for the resources the sandbox simulates, so
 * tools that discover before they act (kubectl, client libraries) can talk to it.
 */
final class Discovery {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** group/version → (plural, kind, namespaced, subresources) */
    private static final Map<String, List<Object[]>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put(
                "v1",
                List.of(
                        new Object[] {"namespaces", "Namespace", false, new String[] {"status"}},
                        new Object[] {"nodes", "Node", false, new String[] {"status"}},
                        new Object[] {"pods", "Pod", true, new String[] {"status", "eviction"}},
                        new Object[] {"configmaps", "ConfigMap", true, new String[] {}},
                        new Object[] {"secrets", "Secret", true, new String[] {}},
                        new Object[] {"services", "Service", true, new String[] {"status"}},
                        new Object[] {"events", "Event", true, new String[] {}}));
        RESOURCES.put(
                "apps/v1",
                List.of(
                        new Object[] {"deployments", "Deployment", true, new String[] {"status", "scale"}},
                        new Object[] {"statefulsets", "StatefulSet", true, new String[] {"status", "scale"}},
                        new Object[] {"replicasets", "ReplicaSet", true, new String[] {"status", "scale"}},
                        new Object[] {"daemonsets", "DaemonSet", true, new String[] {"status"}}));
        RESOURCES.put("policy/v1", List.<Object[]>of(new Object[] {
            "poddisruptionbudgets", "PodDisruptionBudget", true, new String[] {"status"}
        }));
        RESOURCES.put(
                "coordination.k8s.io/v1", List.<Object[]>of(new Object[] {"leases", "Lease", true, new String[] {}}));
        RESOURCES.put("autoscaling/v2", List.<Object[]>of(new Object[] {
            "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, new String[] {"status"}
        }));
        RESOURCES.put(
                "networking.k8s.io/v1",
                List.<Object[]>of(new Object[] {"ingresses", "Ingress", true, new String[] {"status"}}));
        RESOURCES.put("apiextensions.k8s.io/v1", List.<Object[]>of(new Object[] {
            "customresourcedefinitions", "CustomResourceDefinition", false, new String[] {"status"}
        }));
        RESOURCES.put(
                "batch/v1",
                List.<Object[]>of(
                        new Object[] {"cronjobs", "CronJob", true, new String[] {"status"}},
                        new Object[] {"jobs", "Job", true, new String[] {"status"}}));
    }

    /** The short names kubectl users type ({@code kubectl get deploy}), as a real API server lists them. */
    private static final Map<String, String[]> SHORT_NAMES = Map.ofEntries(
            Map.entry("namespaces", new String[] {"ns"}), Map.entry("nodes", new String[] {"no"}),
            Map.entry("pods", new String[] {"po"}), Map.entry("configmaps", new String[] {"cm"}),
            Map.entry("services", new String[] {"svc"}), Map.entry("events", new String[] {"ev"}),
            Map.entry("deployments", new String[] {"deploy"}), Map.entry("statefulsets", new String[] {"sts"}),
            Map.entry("replicasets", new String[] {"rs"}), Map.entry("daemonsets", new String[] {"ds"}),
            Map.entry("poddisruptionbudgets", new String[] {"pdb"}),
                    Map.entry("horizontalpodautoscalers", new String[] {"hpa"}),
            Map.entry("ingresses", new String[] {"ing"}), Map.entry("cronjobs", new String[] {"cj"}));

    private Discovery() {}

    /**
     * The document for {@code path} (without query), if it is a discovery path. {@code crds}
     * lists the CustomResourceDefinitions stored in the site: as on a real API server, a kind
     * is discoverable once its CRD exists, and only then.
     */
    static Optional<String> document(String path, Supplier<List<JsonNode>> crds) {
        if (path.equals("/api") || path.equals("/api/")) {
            ObjectNode n = JSON.createObjectNode().put("kind", "APIVersions");
            n.putArray("versions").add("v1");
            n.putArray("serverAddressByClientCIDRs");
            return Optional.of(n.toString());
        }
        if (path.equals("/apis") || path.equals("/apis/")) {
            ObjectNode n = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = n.putArray("groups");
            RESOURCES.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
                String group = gv.substring(0, gv.indexOf('/'));
                ObjectNode version = JSON.createObjectNode()
                        .put("groupVersion", gv)
                        .put("version", gv.substring(gv.indexOf('/') + 1));
                ObjectNode g = groups.addObject().put("name", group);
                g.putArray("versions").add(version);
                g.set("preferredVersion", version);
            });
            customResources(crds.get()).keySet().forEach(gv -> {
                ObjectNode version = JSON.createObjectNode()
                        .put("groupVersion", gv)
                        .put("version", gv.substring(gv.indexOf('/') + 1));
                ObjectNode g = groups.addObject().put("name", gv.substring(0, gv.indexOf('/')));
                g.putArray("versions").add(version);
                g.set("preferredVersion", version);
            });
            return Optional.of(n.toString());
        }
        String gv = path.startsWith("/api/") ? path.substring(5) : path.startsWith("/apis/") ? path.substring(6) : null;
        if (gv == null || gv.chars().filter(c -> c == '/').count() > 1) {
            return Optional.empty();
        }
        if (!RESOURCES.containsKey(gv)) {
            List<Object[]> custom =
                    gv.contains("/") ? customResources(crds.get()).get(gv) : null;
            if (custom == null) {
                return Optional.empty();
            }
            return Optional.of(resourceList(gv, custom));
        }
        return Optional.of(resourceList(gv, RESOURCES.get(gv)));
    }

    /** group/version → its custom resources, from the stored CRDs (every served version). */
    private static Map<String, List<Object[]>> customResources(List<JsonNode> crds) {
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            String group = spec.path("group").asText("");
            String plural = spec.path("names").path("plural").asText("");
            String kind = spec.path("names").path("kind").asText("");
            if (group.isEmpty() || plural.isEmpty() || kind.isEmpty()) {
                continue;
            }
            boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
            for (JsonNode v : spec.path("versions")) {
                if (v.path("served").asBoolean(true)) {
                    out.computeIfAbsent(group + "/" + v.path("name").asText(), k -> new ArrayList<>())
                            .add(new Object[] {plural, kind, namespaced, new String[] {}});
                }
            }
        }
        return out;
    }

    private static String resourceList(String gv, List<Object[]> resources) {
        ObjectNode n = JSON.createObjectNode()
                .put("kind", "APIResourceList")
                .put("apiVersion", "v1")
                .put("groupVersion", gv);
        ArrayNode list = n.putArray("resources");
        for (Object[] r : resources) {
            ObjectNode res = list.addObject()
                    .put("name", (String) r[0])
                    .put("singularName", ((String) r[1]).toLowerCase(Locale.ROOT))
                    .put("namespaced", (Boolean) r[2])
                    .put("kind", (String) r[1]);
            res.putArray("verbs")
                    .add("create")
                    .add("delete")
                    .add("deletecollection")
                    .add("get")
                    .add("list")
                    .add("patch")
                    .add("update")
                    .add("watch");
            String[] shortNames = SHORT_NAMES.getOrDefault((String) r[0], new String[0]);
            if (shortNames.length > 0) {
                ArrayNode names = res.putArray("shortNames");
                for (String shortName : shortNames) {
                    names.add(shortName);
                }
            }
            for (String sub : (String[]) r[3]) {
                ObjectNode s = list.addObject()
                        .put("name", r[0] + "/" + sub)
                        .put("singularName", "")
                        .put("namespaced", (Boolean) r[2])
                        .put(
                                "kind",
                                sub.equals("scale") ? "Scale" : sub.equals("eviction") ? "Eviction" : (String) r[1]);
                s.putArray("verbs")
                        .add(sub.equals("eviction") ? "create" : "get")
                        .add("patch")
                        .add("update");
            }
        }
        return n.toString();
    }
}
