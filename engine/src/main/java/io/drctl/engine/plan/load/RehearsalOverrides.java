package io.drctl.engine.plan.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code spec.rehearsal}: what a rehearsal uses instead of the production targets — staging
 * contexts for sites, staging members for databases, a rehearsal zone — merged over {@code spec}
 * before the plan is read, key by key (a mapping merges into a mapping; anything else replaces).
 * Done on the YAML nodes, so a violation in a merged value is reported at the line of
 * {@code spec.rehearsal} it came from.
 */
final class RehearsalOverrides {
    static final String KEY = "rehearsal";

    /** The document with the overrides merged, and the paths (below spec) they replaced. */
    record Merged(Node root, List<String> replaced) {}

    private RehearsalOverrides() {}

    /**
     * Merges {@code spec.rehearsal} into {@code spec}. {@code overridable}: the spec keys it may
     * name (sites and the plan sections); naming another is a violation.
     */
    static Merged apply(Node root, Set<String> overridable, Violations violations) {
        if (!(root instanceof MappingNode top)) {
            return new Merged(root, List.of());
        }
        Node spec = value(top, "spec");
        if (!(spec instanceof MappingNode specMap) || !(value(specMap, KEY) instanceof MappingNode rehearsal)) {
            return new Merged(root, List.of());
        }
        List<String> replaced = new ArrayList<>();
        MappingNode merged = specMap;
        for (NodeTuple t : rehearsal.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            if (!overridable.contains(key)) {
                violations.at(
                        t.getKeyNode(),
                        YamlPath.ROOT.key("spec").key(KEY).key(key),
                        "spec.rehearsal may replace "
                                + String.join(
                                        ", ", overridable.stream().sorted().toList()) + ", not '" + key + "'");
                continue;
            }
            merged = with(merged, key, merge(value(merged, key), t.getValueNode(), key, replaced));
        }
        return new Merged(with(top, "spec", merged), List.copyOf(replaced));
    }

    /** {@code over} merged onto {@code base}; {@code path} for the record of what was replaced. */
    private static Node merge(Node base, Node over, String path, List<String> replaced) {
        if (base instanceof MappingNode b && over instanceof MappingNode o) {
            MappingNode result = b;
            for (NodeTuple t : o.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                result = with(result, key, merge(value(result, key), t.getValueNode(), path + "." + key, replaced));
            }
            return result;
        }
        replaced.add(path);
        return over;
    }

    private static Node value(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /** A copy of {@code map} with {@code key} set to {@code value} (added at the end when new). */
    private static MappingNode with(MappingNode map, String key, Node value) {
        List<NodeTuple> tuples = new ArrayList<>();
        boolean found = false;
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                tuples.add(new NodeTuple(t.getKeyNode(), value));
                found = true;
            } else {
                tuples.add(t);
            }
        }
        if (!found) {
            ScalarNode keyNode = new ScalarNode(
                    Tag.STR, key, value.getStartMark(), value.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
            tuples.add(new NodeTuple(keyNode, value));
        }
        return new MappingNode(map.getTag(), true, tuples, map.getStartMark(), map.getEndMark(), map.getFlowStyle());
    }
}
