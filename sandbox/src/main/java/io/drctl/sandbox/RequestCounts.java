package io.drctl.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests a site received from its clients, by Kubernetes verb (get, list, watch, create,
 * update, patch, delete, evict, discovery), so a benchmark can say what a run cost each site.
 * The sandbox's own controllers are not clients and are not counted.
 */
final class RequestCounts {
    private final Map<String, LongAdder> byVerb = new ConcurrentHashMap<>();

    void count(String verb) {
        byVerb.computeIfAbsent(verb, v -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byVerb.forEach((verb, n) -> out.put(verb, n.sum()));
        return out;
    }

    static String verb(String method, String path, boolean watch) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int afterVersion =
                parts.length > 0 && parts[0].equals("api") ? 2 : parts.length > 0 && parts[0].equals("apis") ? 3 : -1;
        if (afterVersion < 0 || parts.length <= afterVersion) {
            return "discovery";
        }
        int rest = parts.length - afterVersion;
        if (parts[afterVersion].equals("namespaces") && rest >= 3) {
            rest -= 2; // namespaces/NS/resource[/name[/sub]]
        }
        boolean item = rest >= 2;
        if (rest >= 3 && parts[parts.length - 1].equals("eviction")) {
            return "evict";
        }
        return switch (method) {
            case "GET" -> watch ? "watch" : item ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> item ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }
}
