package io.drctl.adapters.http;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.time.Duration;
import java.time.Instant;

/**
 * A bound {@code check.http} step. check sends one probe and reports what it sees; apply does
 * nothing; verify probes every {@code interval} until {@code consecutive} probes in a row pass,
 * and fails just before the deadline with the last observation.
 */
final class CheckHttpStep implements Step {
    /** Fail this much before the deadline, so the failure is ours (with the last observation), not a bare timeout. */
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);
    /** Progress is journaled: at most about one line per second, even with a short interval. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    @Override
    public CheckResult check(StepContext ctx) throws StepFailedException, InterruptedException {
        ProbeSettings settings = ProbeSettings.from(ctx.params());
        warnIfInsecure(ctx, settings);
        String plan = "will probe " + settings.method() + " " + settings.displayUrl() + " until "
                + settings.criteria().describe(settings.consecutive());
        Duration left = timeLeft(ctx);
        if (left.isNegative() || left.isZero()) {
            return CheckResult.readOnly(plan);
        }
        // A failing probe is what we expect before a failover; it is information, not an error.
        try (HttpProber prober = new HttpProber(settings)) {
            Observation now = prober.probe(min(settings.requestTimeout(), left));
            return CheckResult.readOnly(plan + " (now: " + now.summary() + ")");
        }
    }

    @Override
    public void apply(StepContext ctx) {
        // Nothing to change: check.http only observes.
    }

    @Override
    public void verify(StepContext ctx) throws StepFailedException, InterruptedException {
        ProbeSettings settings = ProbeSettings.from(ctx.params());
        warnIfInsecure(ctx, settings);
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL);
        int probes = 0;
        long healthyInARow = 0;
        Observation last = null;
        try (HttpProber prober = new HttpProber(settings)) {
            while (true) {
                Duration left = timeLeft(ctx);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                boolean cutShortByDeadline = left.compareTo(settings.requestTimeout()) < 0;
                Observation seen = prober.probe(min(settings.requestTimeout(), left));
                probes++;
                if (cutShortByDeadline && seen.timedOut()) {
                    // The deadline, not the service, ended this probe; the one before says more.
                    last = last != null
                            ? last
                            : Observation.timedOut("no response before the deadline", seen.latency());
                    break;
                }
                last = seen;
                record(ctx, last, probes);
                if (last.healthy()) {
                    healthyInARow++;
                    progress.offer(healthyInARow + "/" + settings.consecutive() + " healthy: " + last.summary());
                    if (healthyInARow >= settings.consecutive()) {
                        progress.flush();
                        return;
                    }
                } else {
                    healthyInARow = 0;
                    progress.offer("unhealthy: " + last.summary());
                }
                if (timeLeft(ctx).compareTo(settings.interval()) <= 0) {
                    break;
                }
                progress.flushIfDue();
                Thread.sleep(settings.interval());
            }
        } finally {
            progress.flush();
        }
        throw new StepFailedException(settings.method() + " " + settings.displayUrl() + " did not get "
                + settings.criteria().describe(settings.consecutive()) + " before the deadline (" + probes
                + (probes == 1 ? " probe" : " probes") + ")" + (last == null ? "" : "; last: " + last.summary()));
    }

    private static void record(StepContext ctx, Observation observation, int probes) {
        observation.status().ifPresent(status -> ctx.output("lastStatus", status));
        ctx.output("lastLatencyMs", observation.latency().toMillis());
        ctx.output("probes", probes);
    }

    private static void warnIfInsecure(StepContext ctx, ProbeSettings settings) {
        if (settings.insecureSkipTlsVerify() && settings.url().getScheme().equalsIgnoreCase("https")) {
            ctx.progress("TLS certificate verification is off (insecureSkipTlsVerify: true)");
        }
    }

    private static Duration timeLeft(StepContext ctx) {
        return Duration.between(Instant.now(), ctx.deadline()).minus(FINISH_MARGIN);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
