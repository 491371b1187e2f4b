package io.drctl.engine.plan.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Finds the cycles in the {@code needs} graph, one per group of steps that wait on each other,
 * each named from the group's first step in the file along the shortest way back to it.
 *
 * <p>Generated plans have thousands of steps, so the groups are found first, in time linear in
 * the plan (Tarjan's strongly connected components, iterative: a 5,000-step chain must not
 * overflow the stack); only the steps inside a group are searched for the shortest way back.
 */
final class DependencyCycles {
    private DependencyCycles() {}

    /**
     * @param needs each step id (in file order) with the ids it needs; self-needs and unknown ids
     *              are left out by the caller, which reports them itself
     * @return each cycle as ids, first and last the same: {@code [a, b, c, a]} for a needs b needs c needs a;
     *         ordered by the file position of each cycle's first step
     */
    static List<List<String>> find(SequencedMap<String, List<String>> needs) {
        Map<String, Integer> order = new HashMap<>();
        needs.keySet().forEach(id -> order.put(id, order.size()));
        List<Set<String>> groups = new StronglyConnected(needs).groups();
        List<String> starts = new ArrayList<>();
        Map<String, Set<String>> groupOf = new HashMap<>();
        for (Set<String> group : groups) {
            if (group.size() < 2) {
                continue; // a step alone is no cycle: self-needs never reach here
            }
            String first = group.stream()
                    .min((a, b) -> Integer.compare(order.get(a), order.get(b)))
                    .orElseThrow();
            starts.add(first);
            groupOf.put(first, group);
        }
        starts.sort((a, b) -> Integer.compare(order.get(a), order.get(b)));
        List<List<String>> cycles = new ArrayList<>();
        for (String start : starts) {
            cycles.add(shortestCycleThrough(start, needs, groupOf.get(start)));
        }
        return cycles;
    }

    /** Breadth-first inside the group, so the first way back found is the shortest. */
    private static List<String> shortestCycleThrough(String start, Map<String, List<String>> needs, Set<String> group) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (String next : needs.getOrDefault(current, List.of())) {
                if (next.equals(start)) {
                    List<String> cycle = new ArrayList<>();
                    cycle.add(start);
                    for (String s = current; !s.equals(start); s = cameFrom.get(s)) {
                        cycle.add(s);
                    }
                    cycle.add(start);
                    Collections.reverse(cycle.subList(1, cycle.size() - 1));
                    return cycle;
                }
                if (group.contains(next) && !cameFrom.containsKey(next)) {
                    cameFrom.put(next, current);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException(
                "step '" + start + "' is in a group of steps that need each other, yet has no way back");
    }
}
