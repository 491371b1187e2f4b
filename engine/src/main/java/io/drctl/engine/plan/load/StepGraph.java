package io.drctl.engine.plan.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The checks that need all steps at once: ids are unique, {@code needs} names other existing
 * steps without cycles, and {@code site} names a declared site.
 */
final class StepGraph {
    private final List<StepDraft> steps;
    private final NodeIndex index;
    private final Violations violations;

    private StepGraph(List<StepDraft> steps, NodeIndex index, Violations violations) {
        this.steps = steps;
        this.index = index;
        this.violations = violations;
    }

    /** {@code sites} is null when the plan declares no {@code spec.sites} at all. */
    static void check(List<StepDraft> steps, Set<String> sites, NodeIndex index, Violations violations) {
        StepGraph graph = new StepGraph(steps, index, violations);
        Map<String, StepDraft> byId = graph.uniqueIds();
        graph.needs(byId);
        graph.sites(sites);
    }

    private Map<String, StepDraft> uniqueIds() {
        Map<String, StepDraft> byId = new LinkedHashMap<>();
        for (StepDraft step : steps) {
            step.id().ifPresent(id -> {
                StepDraft first = byId.putIfAbsent(id, step);
                if (first != null) {
                    YamlPath at = step.path().key("id");
                    Node again = index.get(at);
                    violations.at(
                            again,
                            at,
                            "duplicate step id '" + id + "' (first at "
                                    + position(index.get(first.path().key("id"))) + ", again at " + position(again)
                                    + ")");
                }
            });
        }
        return byId;
    }

    private void needs(Map<String, StepDraft> byId) {
        LinkedHashMap<String, List<String>> graph = new LinkedHashMap<>();
        for (StepDraft step : steps) {
            if (step.id().isEmpty()) {
                continue;
            }
            String id = step.id().get();
            List<String> edges = graph.computeIfAbsent(id, k -> new ArrayList<>());
            List<String> needs = step.needs();
            for (int i = 0; i < needs.size(); i++) {
                String need = needs.get(i);
                YamlPath at = step.path().key("needs").index(i);
                if (need.equals(id)) {
                    violations.at(index.get(at), at, "step '" + id + "' needs itself");
                } else if (!byId.containsKey(need)) {
                    violations.at(
                            index.get(at),
                            at,
                            "step '" + id + "' needs unknown step '" + need + "'"
                                    + DidYouMean.hint(need, byId.keySet()));
                } else {
                    edges.add(need);
                }
            }
        }
        for (List<String> cycle : DependencyCycles.find(graph)) {
            StepDraft first = byId.get(cycle.getFirst());
            violations.at(
                    index.get(first.path()),
                    first.path(),
                    "dependency cycle: " + readable(cycle) + " (each step needs the next)");
        }
    }

    /** A cycle as people can read it: all of a short one; the ends of a long one and how many between. */
    static String readable(List<String> cycle) {
        if (cycle.size() <= 12) {
            return String.join(" → ", cycle);
        }
        return String.join(" → ", cycle.subList(0, 5)) + " → … " + (cycle.size() - 10) + " more … → "
                + String.join(" → ", cycle.subList(cycle.size() - 5, cycle.size()));
    }

    private void sites(Set<String> sites) {
        for (StepDraft step : steps) {
            if (step.site().isEmpty()) {
                continue;
            }
            String site = step.site().get();
            YamlPath at = step.path().key("site");
            String who = step.id().map(id -> "step '" + id + "'").orElse("the step");
            if (sites == null || sites.isEmpty()) {
                violations.at(
                        index.get(at),
                        at,
                        who + " names site '" + site + "', but the plan declares no sites: add it under spec.sites");
            } else if (!sites.contains(site)) {
                violations.at(index.get(at), at, "unknown site '" + site + "'" + DidYouMean.hint(site, sites));
            }
        }
    }

    private static String position(Node node) {
        if (node == null) {
            return "?";
        }
        Mark mark = node.getStartMark();
        return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }
}
