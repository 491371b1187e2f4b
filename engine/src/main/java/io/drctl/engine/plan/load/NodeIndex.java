package io.drctl.engine.plan.load;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The YAML node behind each path the loader has read, so that problems found later on converted
 * values (duplicate ids, cycles, a step type's own checks) can still be shown at a line and
 * column.
 */
final class NodeIndex {
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Node> keys = new HashMap<>();

    void record(YamlPath path, Node node) {
        nodes.put(path.text(), node);
    }

    /** The key a value was written under: where a named thing (a site, a database) is declared. */
    void recordKey(YamlPath path, Node key) {
        keys.put(path.text(), key);
    }

    Node keyOf(YamlPath path) {
        return keys.get(path.text());
    }

    Node get(YamlPath path) {
        return nodes.get(path.text());
    }

    /** The node at {@code path}, or at its closest ancestor that exists (the root always does). */
    Node nearest(YamlPath path) {
        YamlPath p = path;
        while (true) {
            Node n = nodes.get(p.text());
            if (n != null || p.isRoot()) {
                return n;
            }
            p = p.parent();
        }
    }
}
