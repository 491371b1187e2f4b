package io.drctl.adapters.kubernetes.snapshot;

import io.drctl.adapters.kubernetes.select.LabelSelector;
import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.site.SiteSettings;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Sandbox manifests in production's shape, made from a capacity snapshot: every workload the
 * snapshot recorded, at its recorded count on the snapshot's site and at zero on the plan's other
 * sites (a standby), with its autoscaler's bounds. A snapshot keeps counts, not labels, so each
 * workload gets the labels the plan's own selectors ask for in its namespace (what {@code tier=api}
 * or {@code tier in (api,ws)} needs); a workload that no selector of the plan would then select
 * is an error, not a rehearsal that silently acts on less than production has.
 */
public final class SnapshotSeed {
    /** Marks every generated object, so a reader of the sandbox knows where it came from. */
    static final String SOURCE_ANNOTATION = "sandbox.drctl.io/from-snapshot";

    private SnapshotSeed() {}

    /** The manifests, as one multi-document YAML text for {@code drctl sandbox up --seed} / {@code rehearse --sandbox}. */
    public static String manifests(CapacitySnapshot snapshot, Plan plan, Map<String, String> env) {
        SiteSettings site = SiteSettings.of(plan, snapshot.site())
                .orElseThrow(() -> new DrctlException(
                        ExitCode.USAGE,
                        "--sandbox: the snapshot is of site " + snapshot.site() + ", which plan " + plan.name()
                                + " has no Kubernetes settings for (sites: "
                                + plan.sites().keySet() + ")"));
        List<WorkloadSelection> selections = SnapshotTaker.selections(plan, site, env);
        List<String> standbys = plan.sites().keySet().stream()
                .filter(s -> !s.equals(snapshot.site()))
                .toList();
        List<Map<String, Object>> docs = new ArrayList<>();
        Set<String> namespaces = new TreeSet<>();
        for (CapacitySnapshot.Entry e : snapshot.workloads()) {
            namespaces.add(namespaceOf(e.key()));
        }
        namespaces.forEach(ns -> docs.add(object("v1", "Namespace", null, ns, Map.of())));
        List<String> unselected = new ArrayList<>();
        for (CapacitySnapshot.Entry e : snapshot.workloads()) {
            String[] key = e.key().split("/", 3);
            if (key.length != 3) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--sandbox: the snapshot names a workload '" + e.key() + "', not KIND/NAMESPACE/NAME");
            }
            Workload.Kind kind;
            try {
                kind = Workload.Kind.valueOf(key[0]);
            } catch (IllegalArgumentException notAKind) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--sandbox: the snapshot names a workload of kind " + key[0] + " (" + e.key()
                                + "); drctl snapshots Deployments and StatefulSets only");
            }
            Map<String, String> labels = labelsFor(selections, key[1], kind, key[2]);
            labels.putIfAbsent("app", key[2]);
            Workload shaped = new Workload(key[1], kind, key[2], e.replicas(), labels, null);
            if (selections.stream().noneMatch(s -> s.selects(shaped))) {
                unselected.add(e.key());
            }
            docs.add(workload(kind, key[1], key[2], e.replicas(), labels, standbys));
            if (e.hpaMin().isPresent() || e.hpaMax().isPresent()) {
                docs.add(autoscaler(
                        kind, key[1], key[2], e.hpaMin().orElse(1), e.hpaMax().orElse(Math.max(1, e.replicas()))));
            }
        }
        if (!unselected.isEmpty()) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "--sandbox: no selector of plan " + plan.name() + " selects "
                            + String.join(", ", unselected)
                            + " as the snapshot records it (the plan changed since the snapshot?); take a "
                            + "new snapshot with drctl snapshot, or rehearse from manifests");
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "# Made by drctl from the capacity snapshot of site " + snapshot.site() + " taken " + snapshot.takenAt()
                + " (plan " + snapshot.plan() + ").\n" + new Yaml(options).dumpAll(docs.iterator());
    }

    /**
     * Labels that satisfy what the plan's selectors require of this workload: a value an equality
     * or {@code in} requirement names, any value where a key must merely exist. Requirements that
     * an absent label satisfies ({@code !=}, {@code notin}, {@code !key}) need nothing.
     */
    private static Map<String, String> labelsFor(
            List<WorkloadSelection> selections, String namespace, Workload.Kind kind, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (WorkloadSelection s : selections) {
            if (!s.namespaces().contains(namespace)
                    || !s.kinds().contains(kind)
                    || (!s.names().isEmpty() && !s.names().contains(name))) {
                continue;
            }
            for (LabelSelector.Requirement r : s.selector().requirements()) {
                switch (r.operator()) {
                    case EQUALS, IN -> labels.putIfAbsent(r.key(), new TreeSet<>(r.values()).first());
                    case EXISTS -> labels.putIfAbsent(r.key(), "true");
                    default -> {}
                }
            }
        }
        return labels;
    }

    private static Map<String, Object> workload(
            Workload.Kind kind,
            String namespace,
            String name,
            int replicas,
            Map<String, String> labels,
            List<String> standbys) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(SOURCE_ANNOTATION, "true");
        if (!standbys.isEmpty()) {
            List<String> zero = new ArrayList<>();
            standbys.forEach(site -> zero.add(site + "=0"));
            annotations.put("sandbox.drctl.io/replicas", String.join(",", zero));
        }
        Map<String, Object> doc = object("apps/v1", kind.name(), namespace, name, labels);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
        metadata.put("annotations", annotations);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        spec.put("selector", Map.of("matchLabels", Map.of("app", labels.get("app"))));
        if (kind == Workload.Kind.StatefulSet) {
            spec.put("serviceName", name);
        }
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", name);
        container.put("image", "registry.invalid/" + name + ":from-snapshot");
        spec.put(
                "template",
                Map.of(
                        "metadata",
                        Map.of("labels", new LinkedHashMap<>(labels)),
                        "spec",
                        Map.of("containers", List.of(container))));
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> autoscaler(Workload.Kind kind, String namespace, String name, int min, int max) {
        Map<String, Object> doc = object("autoscaling/v2", "HorizontalPodAutoscaler", namespace, name, Map.of());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", kind.name(), "name", name));
        spec.put("minReplicas", min);
        spec.put("maxReplicas", max);
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> object(
            String apiVersion, String kind, String namespace, String name, Map<String, String> labels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        if (!labels.isEmpty()) {
            metadata.put("labels", new LinkedHashMap<>(labels));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", apiVersion);
        doc.put("kind", kind);
        doc.put("metadata", metadata);
        return doc;
    }

    private static String namespaceOf(String key) {
        String[] p = key.split("/", 3);
        return p.length == 3 ? p[1] : "default";
    }

    /** Whether {@code text} is a capacity snapshot rather than manifests (a JSON object with drctl's snapshot fields). */
    public static boolean isSnapshot(String text) {
        try {
            CapacitySnapshot.fromJson(text);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
