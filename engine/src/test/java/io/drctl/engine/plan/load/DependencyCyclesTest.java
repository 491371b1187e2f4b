package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyCyclesTest {

    @Test
    void a_graph_without_cycles_has_none() {
        assertThat(DependencyCycles.find(graph("a", "", "b", "a", "c", "a b"))).isEmpty();
    }

    @Test
    void a_cycle_is_named_from_its_first_step_in_file_order() {
        assertThat(DependencyCycles.find(graph("x", "", "b", "c", "a", "b x", "c", "a")))
                .containsExactly(List.of("b", "c", "a", "b"));
    }

    @Test
    void the_shortest_way_back_is_named() {
        // a needs b and c; c needs a directly, b only through d.
        assertThat(DependencyCycles.find(graph("a", "b c", "b", "d", "c", "a", "d", "a")))
                .containsExactly(List.of("a", "c", "a"));
    }

    @Test
    void separate_cycles_are_each_reported_once() {
        assertThat(DependencyCycles.find(graph("a", "b", "b", "a", "c", "d", "d", "c", "e", "a c")))
                .containsExactly(List.of("a", "b", "a"), List.of("c", "d", "c"));
    }

    @Test
    void a_step_that_only_waits_on_a_cycle_is_not_part_of_it() {
        assertThat(DependencyCycles.find(graph("waiter", "a", "a", "b", "b", "a")))
                .containsExactly(List.of("a", "b", "a"));
    }

    @Test
    void a_cycle_through_thousands_of_steps_is_found_without_exhausting_the_stack() {
        LinkedHashMap<String, List<String>> chain = new LinkedHashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            chain.put("s" + i, List.of("s" + ((i + 1) % n)));
        }
        List<List<String>> cycles = DependencyCycles.find(chain);
        assertThat(cycles).hasSize(1);
        assertThat(cycles.getFirst()).hasSize(n + 1).startsWith("s0", "s1").endsWith("s0");
    }

    @Test
    void a_long_chain_with_wide_needs_has_no_cycle() {
        LinkedHashMap<String, List<String>> chain = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            List<String> needs = new java.util.ArrayList<>();
            for (int j = Math.max(0, i - 20); j < i; j++) {
                needs.add("s" + j);
            }
            chain.put("s" + i, needs);
        }
        assertThat(DependencyCycles.find(chain)).isEmpty();
    }

    @Test
    void cycles_are_listed_in_file_order_of_their_first_step_whatever_the_search_order() {
        // z's group is discovered first by the search (a waits on it), but b's group is earlier in the file.
        assertThat(DependencyCycles.find(graph("a", "z", "b", "c", "c", "b", "z", "y", "y", "z")))
                .containsExactly(List.of("b", "c", "b"), List.of("z", "y", "z"));
    }

    /** Pairs of id and space-separated needs, in file order. */
    private static LinkedHashMap<String, List<String>> graph(String... pairs) {
        LinkedHashMap<String, List<String>> g = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            g.put(pairs[i], pairs[i + 1].isEmpty() ? List.of() : List.of(pairs[i + 1].split(" ")));
        }
        return g;
    }
}
