package io.drctl.engine.plan.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tarjan's strongly connected components over a graph given as adjacency lists, written with an
 * explicit stack: plans are generated with chains of thousands of steps, deeper than the Java
 * call stack allows for the recursive form.
 */
final class StronglyConnected {
    private final Map<String, List<String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> onStackOrder = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<Set<String>> groups = new ArrayList<>();

    /** One frame of the depth-first search: a node and how far through its edges it is. */
    private static final class Frame {
        final String node;
        int nextEdge;

        Frame(String node) {
            this.node = node;
        }
    }

    StronglyConnected(Map<String, List<String>> edges) {
        this.edges = edges;
    }

    /** Every node's group (a node on no cycle is a group of one). */
    List<Set<String>> groups() {
        if (groups.isEmpty()) {
            for (String node : edges.keySet()) {
                if (!index.containsKey(node)) {
                    search(node);
                }
            }
        }
        return groups;
    }

    private void search(String root) {
        Deque<Frame> frames = new ArrayDeque<>();
        visit(root, frames);
        while (!frames.isEmpty()) {
            Frame frame = frames.peek();
            List<String> next = edges.getOrDefault(frame.node, List.of());
            if (frame.nextEdge < next.size()) {
                String to = next.get(frame.nextEdge++);
                if (!index.containsKey(to)) {
                    visit(to, frames);
                } else if (onStack.contains(to)) {
                    lowLink.merge(frame.node, index.get(to), Math::min);
                }
                continue;
            }
            frames.pop();
            if (!frames.isEmpty()) {
                lowLink.merge(frames.peek().node, lowLink.get(frame.node), Math::min);
            }
            if (lowLink.get(frame.node).equals(index.get(frame.node))) {
                Set<String> group = new LinkedHashSet<>();
                String member;
                do {
                    member = onStackOrder.pop();
                    onStack.remove(member);
                    group.add(member);
                } while (!member.equals(frame.node));
                groups.add(group);
            }
        }
    }

    private void visit(String node, Deque<Frame> frames) {
        index.put(node, index.size());
        lowLink.put(node, index.get(node));
        onStackOrder.push(node);
        onStack.add(node);
        frames.push(new Frame(node));
    }
}
