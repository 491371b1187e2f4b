package io.drctl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
    private static final Path REPO = Path.of("/repo");

    @Test
    void defaults_are_the_issue_s_reference_setting() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[0], REPO);
        assertThat(o.workloads()).containsExactly(500);
        assertThat(o.namespaces()).isEqualTo(20);
        assertThat(o.latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.controllerDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.baseline()).isTrue();
        assertThat(o.jar()).isEqualTo(REPO.resolve("cli/target/drctl.jar"));
    }

    @Test
    void a_sweep_is_a_comma_separated_list() {
        BenchmarkOptions o = BenchmarkOptions.parse(
                new String[] {"--workloads", "50,500,5000", "--latency", "5ms", "--no-baseline"}, REPO);
        assertThat(o.workloads()).isEqualTo(List.of(50, 500, 5000));
        assertThat(o.latency()).isEqualTo(Duration.ofMillis(5));
        assertThat(o.baseline()).isFalse();
    }

    @Test
    void nonsense_is_refused_with_the_option_named() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--workloads", "0"}, REPO))
                .hasMessageStartingWith("--workloads: '0' is not a positive whole number");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--latency", "fast"}, REPO))
                .hasMessageStartingWith("--latency: 'fast' is not a duration like 20ms or 1s");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--namespaces"}, REPO))
                .hasMessageStartingWith("--namespaces needs a value");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--fast"}, REPO))
                .hasMessageStartingWith("unknown option '--fast'");
    }

    @Test
    void the_lower_bound_is_the_longest_chain_of_round_trips_plus_the_controllers() {
        // scale-site-b (2) → site-b-rolled-out (1 + controllers) → switch-traffic or reroute (1): 4 round trips.
        assertThat(BenchPlan.lowerBound(Duration.ofMillis(20), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMillis(1080));
        assertThat(BenchPlan.lowerBound(Duration.ZERO, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
    }
}
