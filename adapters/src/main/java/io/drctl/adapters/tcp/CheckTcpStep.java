package io.drctl.adapters.tcp;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.time.Duration;
import java.time.Instant;

/**
 * A bound {@code check.tcp}. check connects once and says what it saw; apply does nothing;
 * verify connects every {@code interval} until {@code consecutive} attempts in a row succeed,
 * failing just before the deadline with the last observation.
 */
final class CheckTcpStep implements Step {
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private record Settings(String host, int port, Duration connectTimeout, long consecutive, Duration interval) {
        static Settings of(StepContext ctx) throws StepFailedException {
            Params p = ctx.params();
            return new Settings(
                    p.string("host"),
                    (int) p.integer("port", 0),
                    p.duration("connectTimeout", CheckTcpStepType.DEFAULT_CONNECT_TIMEOUT),
                    Math.max(1, p.integer("consecutive", 1)),
                    p.duration("interval", CheckTcpStepType.DEFAULT_INTERVAL));
        }

        String target() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        String goal() {
            return consecutive > 1 ? consecutive + " connections in a row" : "a connection";
        }
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepFailedException, InterruptedException {
        Settings s = Settings.of(ctx);
        String plan =
                "will connect to " + s.target() + " until " + s.goal() + " succeed" + (s.consecutive() > 1 ? "" : "s");
        Duration left = timeLeft(ctx);
        if (left.toMillis() < 1) {
            return CheckResult.readOnly(plan);
        }
        TcpProbe now = TcpProbe.connect(s.host(), s.port(), min(s.connectTimeout(), left));
        return CheckResult.readOnly(plan + " (now: " + now.summary() + ")");
    }

    @Override
    public void apply(StepContext ctx) {
        // Nothing to change: check.tcp only observes.
    }

    @Override
    public void verify(StepContext ctx) throws StepFailedException, InterruptedException {
        Settings s = Settings.of(ctx);
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL);
        int attempts = 0;
        long inARow = 0;
        TcpProbe last = null;
        try {
            while (true) {
                Duration left = timeLeft(ctx);
                if (left.toMillis() < 1) {
                    break;
                }
                boolean cutShort = left.compareTo(s.connectTimeout()) < 0;
                TcpProbe seen = TcpProbe.connect(s.host(), s.port(), min(s.connectTimeout(), left));
                if (cutShort && seen.timedOut() && last != null) {
                    break; // the deadline, not the target, ended this attempt: the one before says more
                }
                attempts++;
                last = seen;
                ctx.output("attempts", attempts);
                ctx.output("lastLatencyMs", seen.latency().toMillis());
                if (seen.connected()) {
                    inARow++;
                    progress.offer(inARow + "/" + s.consecutive() + " connected: " + seen.summary());
                    if (inARow >= s.consecutive()) {
                        progress.flush();
                        return;
                    }
                } else {
                    inARow = 0;
                    progress.offer("not yet: " + seen.summary());
                }
                if (timeLeft(ctx).compareTo(s.interval()) <= 0) {
                    break;
                }
                progress.flushIfDue();
                Thread.sleep(s.interval());
            }
        } finally {
            progress.flush();
        }
        throw new StepFailedException(s.target() + " did not accept " + s.goal() + " before the deadline (" + attempts
                + (attempts == 1 ? " attempt" : " attempts") + ")" + (last == null ? "" : "; last: " + last.summary()));
    }

    private static Duration timeLeft(StepContext ctx) {
        return Duration.between(Instant.now(), ctx.deadline()).minus(FINISH_MARGIN);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
