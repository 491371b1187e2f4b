package io.drctl.adapters.file;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A bound {@code check.file}. check looks once and says what it saw; apply does nothing; verify
 * looks every {@code interval} until the file meets the limits, failing just before the deadline
 * with the last observation.
 */
final class CheckFileStep implements Step {
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private record Settings(Path path, Optional<Duration> maxAge, long minBytes, Duration interval) {
        static Settings of(StepContext ctx) throws StepFailedException {
            Params p = ctx.params();
            return new Settings(
                    Path.of(p.string("path")),
                    p.duration("maxAge"),
                    p.integer("minBytes", 1),
                    p.duration("interval", CheckFileStepType.DEFAULT_INTERVAL));
        }

        String goal() {
            return path + " exists with at least " + minBytes + (minBytes == 1 ? " byte" : " bytes")
                    + maxAge.map(a -> " and was modified within " + DurationText.canonical(a))
                            .orElse("");
        }
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepFailedException {
        Settings s = Settings.of(ctx);
        FileObservation now = FileObservation.look(s.path(), Instant.now());
        return CheckResult.readOnly("will wait until " + s.goal() + " (now: " + now.summary() + ")");
    }

    @Override
    public void apply(StepContext ctx) {
        // Nothing to change: check.file only observes.
    }

    @Override
    public void verify(StepContext ctx) throws StepFailedException, InterruptedException {
        Settings s = Settings.of(ctx);
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL);
        FileObservation last;
        try {
            while (true) {
                last = FileObservation.look(s.path(), Instant.now());
                Optional<String> shortfall = last.shortfall(s.maxAge(), s.minBytes());
                if (shortfall.isEmpty()) {
                    ctx.output("bytes", last.bytes());
                    ctx.output("modified", last.modified().toString());
                    last.age().ifPresent(age -> ctx.output("ageSeconds", age.toSeconds()));
                    progress.offer("ok: " + last.summary());
                    return;
                }
                progress.offer("not yet: " + s.path() + " " + shortfall.get());
                if (timeLeft(ctx).compareTo(s.interval()) <= 0) {
                    throw new StepFailedException(s.path() + " " + shortfall.get() + " (the deadline came first)");
                }
                progress.flushIfDue();
                Thread.sleep(s.interval());
            }
        } finally {
            progress.flush();
        }
    }

    private static Duration timeLeft(StepContext ctx) {
        return Duration.between(Instant.now(), ctx.deadline()).minus(FINISH_MARGIN);
    }
}
