package io.drctl.engine.plan.load;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a composed document for what is wrong at the YAML level, before its meaning is read:
 * tags other than YAML's plain data types, duplicate or non-scalar mapping keys, aliases that
 * make a value contain itself or expand into a huge tree. Each node is visited once even when
 * aliases share it, so this pass is linear in the size of the text.
 */
final class DocumentHygiene {
    /**
     * Aliases may legitimately share a block (a common 'with'); a plan whose aliases add more
     * values than this to what is written is an attack. Only what aliases add counts: a large
     * plan written out in full (5,000 steps with wide needs) is not expanded by anything.
     */
    static final long MAX_EXPANDED_NODES = 100_000;
    /** Sizes saturate here instead of overflowing; far beyond any limit. */
    private static final long SATURATED = 1L << 50;

    private static final Set<Tag> PLAIN_DATA =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

    private final Violations violations;
    private final Map<Node, Long> expandedSize = new IdentityHashMap<>();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private DocumentHygiene(Violations violations) {
        this.violations = violations;
    }

    /** Reports what is wrong; returns whether the document is sound enough to read its meaning. */
    static boolean check(Node root, Violations violations) {
        int before = violations.count();
        DocumentHygiene hygiene = new DocumentHygiene(violations);
        long size = hygiene.visit(root, YamlPath.ROOT);
        long written = hygiene.expandedSize.size(); // every distinct node, visited once
        if (size - written > MAX_EXPANDED_NODES) {
            violations.at(
                    root,
                    YamlPath.ROOT,
                    "the document expands to more than " + MAX_EXPANDED_NODES
                            + " values through aliases: refused, as this is how 'billion laughs' files blow up memory");
        }
        return violations.count() == before;
    }

    /** The number of nodes under {@code node} once aliases are expanded (saturating, never overflowing). */
    private long visit(Node node, YamlPath path) {
        Long known = expandedSize.get(node);
        if (known != null) {
            return known;
        }
        if (!open.add(node)) {
            violations.at(node, path, "this value contains itself through an alias: a plan must be a finite tree");
            return 1;
        }
        checkTag(node, path);
        long size = 1;
        if (node instanceof MappingNode mapping) {
            checkKeys(mapping, path);
            for (NodeTuple tuple : mapping.getValue()) {
                YamlPath child = tuple.getKeyNode() instanceof ScalarNode key ? path.key(key.getValue()) : path;
                size = add(size, visit(tuple.getKeyNode(), child));
                size = add(size, visit(tuple.getValueNode(), child));
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                size = add(size, visit(sequence.getValue().get(i), path.index(i)));
            }
        }
        open.remove(node);
        expandedSize.put(node, size);
        return size;
    }

    private static long add(long a, long b) {
        return Math.min(a + b, SATURATED);
    }

    private void checkTag(Node node, YamlPath path) {
        if (!PLAIN_DATA.contains(node.getTag())) {
            violations.at(
                    node,
                    path,
                    "the YAML tag '" + shortTag(node.getTag())
                            + "' is not allowed: a plan holds only strings, numbers, booleans, lists and mappings");
        }
    }

    private void checkKeys(MappingNode mapping, YamlPath path) {
        Map<String, Node> first = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                violations.at(
                        key,
                        path,
                        "a mapping key must be a plain name, not a "
                                + (key instanceof SequenceNode ? "list" : "mapping"));
                continue;
            }
            Node earlier = first.putIfAbsent(scalar.getValue(), key);
            if (earlier != null) {
                violations.at(
                        key,
                        path.key(scalar.getValue()),
                        "duplicate key '" + scalar.getValue() + "' (first at "
                                + (earlier.getStartMark().getLine() + 1) + ":"
                                + (earlier.getStartMark().getColumn() + 1) + ")");
            }
        }
    }

    static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }
}
