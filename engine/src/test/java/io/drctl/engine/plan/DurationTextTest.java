package io.drctl.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void plan_durations_parse_in_every_unit_and_in_combination() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
    }

    @Test
    void things_that_are_not_durations_are_rejected() {
        assertThat(DurationText.parse("5 minutes")).isEmpty();
        assertThat(DurationText.parse("-1s")).isEmpty();
        assertThat(DurationText.parse("10")).isEmpty();
        assertThat(DurationText.parse("")).isEmpty();
        assertThat(DurationText.parse("99999999999999999999h")).isEmpty();
    }

    @Test
    void canonical_text_round_trips() {
        assertThat(DurationText.canonical(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.canonical(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(DurationText.format(Duration.ofMillis(12_340))).isEqualTo("12.3s");
    }

    @Test
    void exponential_backoff_doubles_up_to_its_maximum() {
        Backoff b = new Backoff(Backoff.Type.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
    }
}
