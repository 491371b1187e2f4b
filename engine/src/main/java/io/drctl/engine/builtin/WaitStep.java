package io.drctl.engine.builtin;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepClock;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A bound {@code wait} step: check describes, apply sleeps with a countdown, verify has nothing to confirm. */
final class WaitStep implements Step {
    /** Below this much left the countdown ticks every second; above, every {@link #COARSE_TICK}. */
    static final Duration FINE_COUNTDOWN = Duration.ofMinutes(2);

    static final Duration FINE_TICK = Duration.ofSeconds(1);
    /** Progress is journaled: a one-hour wait should not write 3,600 lines. */
    static final Duration COARSE_TICK = Duration.ofSeconds(10);

    @Override
    public CheckResult check(StepContext ctx) throws StepFailedException {
        return CheckResult.readOnly("will wait " + describe(ctx));
    }

    @Override
    public void apply(StepContext ctx) throws StepFailedException, InterruptedException {
        Duration duration = duration(ctx);
        StepClock clock = ctx.clock();
        Duration left = Duration.between(clock.now(), ctx.deadline());
        if (duration.compareTo(left) > 0) {
            throw new StepFailedException("cannot wait " + DurationText.canonical(duration) + ": only "
                    + DurationText.format(left.isNegative() ? Duration.ZERO : left)
                    + " are left before the step times out; give the step timeout: "
                    + DurationText.canonical(duration.plusMinutes(1)));
        }
        String reason = reason(ctx).map(r -> " (" + r + ")").orElse("");
        Instant end = clock.now().plus(duration);
        for (Duration remaining = duration; remaining.isPositive(); remaining = Duration.between(clock.now(), end)) {
            ctx.progress(countdown(remaining) + " left" + reason);
            Duration tick = remaining.compareTo(FINE_COUNTDOWN) <= 0 ? FINE_TICK : COARSE_TICK;
            // Sleep to the next whole tick of the remaining time so the countdown reads 12s, 11s, 10s...
            long toNextTick = remaining.toNanos() % tick.toNanos();
            clock.sleep(toNextTick == 0 ? tick : Duration.ofNanos(toNextTick));
        }
        ctx.progress("waited " + DurationText.canonical(duration) + reason);
    }

    private static String describe(StepContext ctx) throws StepFailedException {
        return DurationText.canonical(duration(ctx))
                + reason(ctx).map(r -> " (" + r + ")").orElse("");
    }

    private static Duration duration(StepContext ctx) throws StepFailedException {
        return ctx.params()
                .duration("duration")
                .orElseThrow(() -> new StepFailedException("parameter 'duration' is missing"));
    }

    private static Optional<String> reason(StepContext ctx) throws StepFailedException {
        return ctx.params().optionalString("reason").filter(r -> !r.isBlank());
    }

    /** Whole seconds, rounded up, so the countdown never shows "0s left" while still waiting. */
    static String countdown(Duration remaining) {
        long seconds = (remaining.toMillis() + 999) / 1000;
        return DurationText.canonical(Duration.ofSeconds(seconds));
    }
}
