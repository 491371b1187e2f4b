package io.drctl.adapters.kubernetes.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capacity of one site at one moment: the replica counts (and HPA bounds) of every workload
 * a plan's steps select there. A failover scales the standby site to these numbers when the
 * failed site cannot be asked any more ({@code replicas: fromSnapshot}).
 */
public record CapacitySnapshot(
        String plan, String site, Instant takenAt, List<Entry> workloads, Map<String, Entry> byKey) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code key}: {@code Deployment/chat/api}. */
    public record Entry(String key, int replicas, Optional<Integer> hpaMin, Optional<Integer> hpaMax) {}

    /**
     * {@code byKey} is always derived from {@code workloads} (whatever is passed): a step that
     * scales 5,000 workloads looks each one up, and a scan per lookup made that 25 million
     * comparisons.
     */
    public CapacitySnapshot {
        workloads = List.copyOf(workloads);
        Map<String, Entry> index = new HashMap<>();
        workloads.forEach(e -> index.putIfAbsent(e.key(), e));
        byKey = Map.copyOf(index);
    }

    public CapacitySnapshot(String plan, String site, Instant takenAt, List<Entry> workloads) {
        this(plan, site, takenAt, workloads, Map.of());
    }

    public Optional<Entry> entry(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** {@code snapshot of site pangyo taken 2h 5m ago (2026-11-22T01:00:00Z)}. */
    public String describe(Instant now) {
        return "snapshot of site " + site + " taken " + age(Duration.between(takenAt, now)) + " ago (" + takenAt + ")";
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86400) + "d " + (s % 86400 / 3600) + "h";
    }

    public String toJson() {
        ObjectNode root =
                JSON.createObjectNode().put("plan", plan).put("site", site).put("takenAt", takenAt.toString());
        ArrayNode list = root.putArray("workloads");
        for (Entry e : workloads) {
            ObjectNode n = list.addObject().put("key", e.key()).put("replicas", e.replicas());
            e.hpaMin().ifPresent(v -> n.put("hpaMin", v));
            e.hpaMax().ifPresent(v -> n.put("hpaMax", v));
        }
        return root.toPrettyString();
    }

    public static CapacitySnapshot fromJson(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode n : root.path("workloads")) {
            entries.add(new Entry(
                    n.path("key").asText(),
                    n.path("replicas").asInt(),
                    n.has("hpaMin") ? Optional.of(n.get("hpaMin").asInt()) : Optional.empty(),
                    n.has("hpaMax") ? Optional.of(n.get("hpaMax").asInt()) : Optional.empty()));
        }
        if (!root.hasNonNull("takenAt") || !root.hasNonNull("site")) {
            throw new IOException("not a drctl capacity snapshot");
        }
        return new CapacitySnapshot(
                root.path("plan").asText(),
                root.path("site").asText(),
                Instant.parse(root.path("takenAt").asText()),
                entries);
    }
}
