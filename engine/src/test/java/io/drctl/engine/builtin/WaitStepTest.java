package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.ManualClock;
import io.drctl.engine.testing.RecordingPlanValidation;
import io.drctl.engine.testing.StepThread;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitStepTest {
    private final WaitStepType type = new WaitStepType();

    private FakeStepContext.Builder wait(Duration duration) {
        return FakeStepContext.forType(type).param("duration", duration);
    }

    @Test
    void check_says_how_long_and_why_without_waiting() throws Exception {
        FakeStepContext ctx =
                wait(Duration.ofSeconds(30)).param("reason", "TTL 30s").build();

        assertThat(type.bind(ctx.definition()).check(ctx)).isEqualTo(CheckResult.readOnly("will wait 30s (TTL 30s)"));
    }

    @Test
    void sleeps_the_duration_to_whole_seconds_with_a_once_per_second_countdown() throws Exception {
        ManualClock clock = new ManualClock();
        FakeStepContext ctx = wait(Duration.ofMillis(2500))
                .clock(clock)
                .deadlineIn(Duration.ofMinutes(1))
                .build();

        type.bind(ctx.definition()).apply(ctx);

        // First to the next whole second, so the countdown reads 3s, 2s, 1s.
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(ctx.progressMessages()).containsExactly("3s left", "2s left", "1s left", "waited 2500ms");
    }

    @Test
    void a_long_wait_ticks_every_ten_seconds_then_every_second_in_its_last_two_minutes() throws Exception {
        ManualClock clock = new ManualClock();
        FakeStepContext ctx = wait(Duration.ofMinutes(3))
                .clock(clock)
                .deadlineIn(Duration.ofMinutes(4))
                .build();

        type.bind(ctx.definition()).apply(ctx);

        assertThat(clock.slept()).isEqualTo(Duration.ofMinutes(3));
        assertThat(clock.sleeps()).hasSize(6 + 120);
        assertThat(ctx.progressMessages()).startsWith("3m left", "2m50s left", "2m40s left");
        assertThat(ctx.progressMessages()).contains("2m left", "1m59s left").endsWith("1s left", "waited 3m");
    }

    @Test
    void countdown_of_a_long_wait_ticks_every_ten_seconds_until_the_last_two_minutes() {
        assertThat(WaitStep.COARSE_TICK).isEqualTo(Duration.ofSeconds(10));
        assertThat(WaitStep.FINE_COUNTDOWN).isEqualTo(Duration.ofMinutes(2));
        assertThat(WaitStep.countdown(Duration.ofMillis(61_001))).isEqualTo("1m2s");
        assertThat(WaitStep.countdown(Duration.ofMillis(1))).isEqualTo("1s");
    }

    @Test
    void stops_promptly_when_interrupted() throws Exception {
        FakeStepContext ctx =
                wait(Duration.ofMinutes(1)).deadlineIn(Duration.ofMinutes(5)).build();
        StepThread apply = StepThread.start("wait", () -> {
            type.bind(ctx.definition()).apply(ctx);
            return null;
        });
        Thread.sleep(300);

        apply.interrupt();

        assertThat(apply.awaitEnd(Duration.ofSeconds(5))).isInstanceOf(InterruptedException.class);
        assertThat(apply.endedAfterInterrupt()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void refuses_at_once_to_wait_longer_than_the_time_left() {
        ManualClock clock = new ManualClock();
        FakeStepContext ctx = wait(Duration.ofMinutes(10))
                .clock(clock)
                .deadlineIn(Duration.ofMinutes(1))
                .build();

        assertThatThrownBy(() -> type.bind(ctx.definition()).apply(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("cannot wait 10m: only ")
                .hasMessageEndingWith("give the step timeout: 11m");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void validation_rejects_a_duration_that_does_not_fit_the_default_timeout() {
        FakeStepContext ctx = wait(Duration.ofMinutes(15)).build();
        RecordingPlanValidation validation = new RecordingPlanValidation();

        type.validate(ctx.definition(), validation);

        assertThat(validation.errors())
                .containsExactly(
                        "duration: waiting 15m does not fit in the default timeout 10m; give the step timeout: 16m");
    }

    @Test
    void validation_accepts_a_duration_that_fits_the_steps_own_timeout() {
        FakeStepContext ctx =
                wait(Duration.ofMinutes(15)).timeout(Duration.ofMinutes(16)).build();
        RecordingPlanValidation validation = new RecordingPlanValidation();

        type.validate(ctx.definition(), validation);

        assertThat(validation.errors()).isEmpty();
    }
}
