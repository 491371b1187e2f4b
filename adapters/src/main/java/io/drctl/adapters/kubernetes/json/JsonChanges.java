package io.drctl.adapters.kubernetes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** JSON merge patches (RFC 7386) applied locally, and the changes between two documents as {@code path: old → new}. */
public final class JsonChanges {
    private JsonChanges() {}

    /** {@code target} with {@code patch} merged in (a copy; null in the patch removes). */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    /** One line per changed leaf, e.g. {@code spec.replica.enabled: false → true}; status and bookkeeping metadata ignored. */
    public static List<String> between(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (ignored(path)) {
            return;
        }
        boolean aMissing = a == null || a.isMissingNode();
        boolean bMissing = b == null || b.isMissingNode();
        if (!aMissing && !bMissing && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
            return;
        }
        if (aMissing && bMissing || !aMissing && !bMissing && a.equals(b)) {
            return;
        }
        out.add(path + ": " + show(aMissing ? null : a) + " → " + show(bMissing ? null : b));
    }

    private static boolean ignored(String path) {
        return path.equals("status")
                || path.equals("metadata.resourceVersion")
                || path.equals("metadata.generation")
                || path.equals("metadata.managedFields")
                || path.equals("metadata.uid")
                || path.equals("metadata.creationTimestamp");
    }

    private static String show(JsonNode n) {
        if (n == null) {
            return "(none)";
        }
        String text = n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
