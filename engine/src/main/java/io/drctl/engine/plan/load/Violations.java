package io.drctl.engine.plan.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects violations while a plan is read. Reading never stops at the first problem: a person
 * fixing a plan wants the whole list at once.
 */
final class Violations {
    private final String file;
    // A set: a node reached through two aliases would otherwise be reported twice.
    private final Set<Violation> found = new LinkedHashSet<>();

    Violations(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void at(Node node, YamlPath path, String message) {
        at(node == null ? null : node.getStartMark(), path, message);
    }

    /** SnakeYAML's marks count from 0; people count lines and columns from 1. */
    void at(Mark mark, YamlPath path, String message) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        at(line, column, path, message);
    }

    void at(int line, int column, YamlPath path, String message) {
        found.add(new Violation(file, line, column, path == null ? "" : path.text(), message));
    }

    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** All violations by position; those at the same position keep the order they were found in. */
    List<Violation> sorted() {
        List<Violation> out = new ArrayList<>(found);
        out.sort(Comparator.comparingInt(Violation::line).thenComparingInt(Violation::column));
        return out;
    }

    /** Whether any violation lies inside {@code subtree}, its own node included. */
    boolean anyWithin(YamlPath subtree) {
        return found.stream().anyMatch(v -> within(v.path(), subtree.text()));
    }

    /** Whether any violation lies outside {@code subtree}. */
    boolean anyOutside(YamlPath subtree) {
        return found.stream().anyMatch(v -> !within(v.path(), subtree.text()));
    }

    // spec.steps[1] holds spec.steps[1].id but not spec.steps[10].
    private static boolean within(String path, String root) {
        return path.equals(root) || path.startsWith(root + ".") || path.startsWith(root + "[");
    }
}
