package io.drctl.adapters.kubernetes.select;

import io.drctl.adapters.kubernetes.select.LabelSelector.InvalidSelectorException;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Deployments and StatefulSets (and, for {@code k8s.wait}, DaemonSets) a step means:
 * namespace(s), a label selector (equality and set-based) and/or names, and which kinds. Shared by
 * {@code k8s.scale}, {@code k8s.wait} and capacity snapshots.
 */
public record WorkloadSelection(
        List<String> namespaces, LabelSelector selector, List<String> names, Set<Workload.Kind> kinds) {

    /** The parameters this selection reads, to add to a step type's schema: Deployments and StatefulSets. */
    public static Schema.Obj addTo(Schema.Obj parameters) {
        return addTo(parameters, false);
    }

    /** As {@link #addTo(Schema.Obj)}; {@code daemonSets}: {@code kinds} may name DaemonSet too (what a wait can wait for). */
    public static Schema.Obj addTo(Schema.Obj parameters, boolean daemonSets) {
        return parameters
                .optional(
                        "namespace",
                        Schema.string("The namespace of the workloads (default: the site's namespace, else "
                                        + "default).")
                                .noSecrets())
                .optional(
                        "namespaces",
                        Schema.array(
                                        "Several namespaces, instead of namespace.",
                                        Schema.string("A namespace.").noSecrets())
                                .minItems(1))
                .optional(
                        "selector",
                        Schema.string("A label selector: equality (tier=api, tier!=db) and set-based (tier in "
                                        + "(api,ws), tier notin (db), canary, !canary), comma-separated; applied by the server and again by "
                                        + "drctl.")
                                .noSecrets())
                .optional(
                        "names",
                        Schema.array(
                                        "Workload names; with a selector, a workload must match both.",
                                        Schema.string("A Deployment or StatefulSet name.")
                                                .noSecrets())
                                .minItems(1))
                .optional(
                        "kinds",
                        daemonSets
                                ? Schema.array(
                                                "Which kinds to select (default: Deployment and StatefulSet; DaemonSet only when named).",
                                                Schema.oneOf(
                                                        "A workload kind.", "Deployment", "StatefulSet", "DaemonSet"))
                                        .minItems(1)
                                : Schema.array(
                                                "Which kinds to select (default: both).",
                                                Schema.oneOf("A workload kind.", "Deployment", "StatefulSet"))
                                        .minItems(1));
    }

    /** Validation errors, as (parameter, message) pairs. */
    public static List<String[]> validate(Map<String, Object> with) {
        List<String[]> errors = new ArrayList<>();
        if (with.get("namespace") != null && with.get("namespaces") != null) {
            errors.add(new String[] {"namespaces", "give namespace or namespaces, not both"});
        }
        if (with.get("selector") == null && with.get("names") == null) {
            errors.add(new String[] {
                "selector", "give a selector or names: a step never selects every workload by accident"
            });
        }
        if (with.get("selector") instanceof String s) {
            try {
                LabelSelector.parse(s);
            } catch (InvalidSelectorException e) {
                errors.add(new String[] {"selector", e.getMessage()});
            }
        }
        return errors;
    }

    public static WorkloadSelection from(Params params, String defaultNamespace) throws StepFailedException {
        List<String> namespaces = params.has("namespaces")
                ? params.strings("namespaces")
                : List.of(params.optionalString("namespace").orElse(defaultNamespace));
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(params.optionalString("selector").orElse(""));
        } catch (InvalidSelectorException e) {
            throw new StepFailedException(e.getMessage());
        }
        List<String> kinds = params.strings("kinds");
        Set<Workload.Kind> k = kinds.isEmpty()
                ? Workload.Kind.byDefault()
                : Set.copyOf(kinds.stream().map(Workload.Kind::valueOf).toList());
        return new WorkloadSelection(namespaces, selector, params.strings("names"), k);
    }

    /** Whether a workload the server returned really is selected (the client-side re-application). */
    public boolean selects(Workload w) {
        return namespaces.contains(w.namespace())
                && kinds.contains(w.kind())
                && selector.matches(w.labels())
                && (names.isEmpty() || names.contains(w.name()));
    }

    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("namespace" + (namespaces.size() > 1 ? "s " : " ") + String.join(",", namespaces));
        if (!selector.isEmpty()) {
            parts.add("selector '" + selector.text() + "'");
        }
        if (!names.isEmpty()) {
            parts.add("names " + String.join(",", names));
        }
        return String.join(", ", parts);
    }
}
