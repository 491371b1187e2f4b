package io.drctl.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The RPO a rehearsal is measured by: the data-loss window accepted at promotion, unknown never counted as within. */
class ObjectivesVerdictTest {
    private static ObjectivesVerdict verdict(ObjectivesVerdict.Rpo rpo) {
        return new ObjectivesVerdict(
                Optional.of(Duration.ofSeconds(10)),
                Optional.of(Duration.ofMinutes(5)),
                rpo,
                Optional.of(Duration.ofSeconds(30)));
    }

    @Test
    void an_unknown_data_loss_window_misses_the_rpo_objective_and_says_why() {
        ObjectivesVerdict v = verdict(ObjectivesVerdict.Rpo.of(
                List.of(Map.of("lag", "unknown", "dataLossWindow", "unknown: the WAL receiver is not streaming"))));

        assertThat(v.rpoMet()).isFalse();
        assertThat(v.met()).isFalse();
        assertThat(v.text()).contains("RPO unknown (unknown: the WAL receiver is not streaming) MISSED");
    }

    @Test
    void a_window_measured_only_in_bytes_cannot_be_within_a_time_objective() {
        assertThat(verdict(ObjectivesVerdict.Rpo.of(List.of(Map.of("lagBytes", 4096L, "dataLossWindow", "4.0 KiB"))))
                        .rpoMet())
                .isFalse();
    }

    @Test
    void the_worst_promotion_counts() {
        ObjectivesVerdict v = verdict(ObjectivesVerdict.Rpo.of(List.of(
                Map.of("lagMs", 200L, "dataLossWindow", "200ms"), Map.of("lagMs", 45_000L, "dataLossWindow", "45s"))));

        assertThat(v.rpoMet()).isFalse();
        assertThat(v.text()).contains("RPO 45.0s MISSED");
        assertThat(verdict(ObjectivesVerdict.Rpo.of(List.of(Map.of("lagMs", 0L, "dataLossWindow", "0ms"))))
                        .text())
                .contains("RPO 0ms within the objective of 30.0s");
    }

    @Test
    void a_run_without_a_promotion_measures_no_rpo_and_does_not_miss_it() {
        ObjectivesVerdict v = verdict(ObjectivesVerdict.Rpo.of(List.of()));

        assertThat(v.rpoMet()).isTrue();
        assertThat(v.text()).contains("RPO not measured (no promotion in this run)");
    }
}
