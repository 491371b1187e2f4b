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

    /** Pairs of id and space-separated needs, in file order. */
    private static LinkedHashMap<String, List<String>> graph(String... pairs) {
        LinkedHashMap<String, List<String>> g = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            g.put(pairs[i], pairs[i + 1].isEmpty() ? List.of() : List.of(pairs[i + 1].split(" ")));
        }
        return g;
    }
}
