package io.drctl.engine.plan.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the cycles in the {@code needs} graph, one per group of steps that wait on each other,
 * each named from the group's first step in the file along the shortest way back to it. Plans
 * are small (tens of steps), so plain searches beat anything clever.
 */
final class DependencyCycles {
    private DependencyCycles() {
    }

    /**
     * @param needs each step id (in file order) with the ids it needs; self-needs and unknown ids
     *              are left out by the caller, which reports them itself
     * @return each cycle as ids, first and last the same: {@code [a, b, c, a]} for a needs b needs c needs a
     */
    static List<List<String>> find(LinkedHashMap<String, List<String>> needs) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (String start : needs.keySet()) {
            if (reported.contains(start)) {
                continue;
            }
            List<String> cycle = shortestCycleThrough(start, needs);
            if (cycle.isEmpty()) {
                continue;
            }
            cycles.add(cycle);
            Set<String> fromStart = reachable(start, needs);
            for (String other : fromStart) {
                if (reachable(other, needs).contains(start)) {
                    reported.add(other); // same group: one cycle per group is enough to act on
                }
            }
        }
        return cycles;
    }

    private static List<String> shortestCycleThrough(String start, Map<String, List<String>> needs) {
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
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, current);
                    queue.add(next);
                }
            }
        }
        return List.of();
    }

    private static Set<String> reachable(String from, Map<String, List<String>> needs) {
        Set<String> seen = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>(needs.getOrDefault(from, List.of()));
        while (!stack.isEmpty()) {
            String s = stack.pop();
            if (seen.add(s)) {
                stack.addAll(needs.getOrDefault(s, List.of()));
            }
        }
        return seen;
    }
}
