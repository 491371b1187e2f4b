package io.drctl.adapters.database;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A bound {@code db.check} step. check probes once and says what it sees; apply does nothing;
 * verify probes every {@code interval} until the expectation holds, and fails before the
 * deadline with the last observation — as unreachable when the member never answered.
 */
final class DbCheckStep implements Step {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /** One probe: what the member was, or why it did not answer. */
    private record Observation(Optional<MemberStatus> status, Optional<String> value, String silence) {
        String summary() {
            if (status.isEmpty()) {
                return silence;
            }
            return status.get().summary() + value.map(v -> ", value " + v).orElse("");
        }
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException {
        Member member = DatabaseTarget.of(ctx);
        DbCheck expectation = DbCheck.from(ctx.params());
        Observation now = probe(ctx, member, expectation);
        return CheckResult.readOnly(
                "will wait until " + member.label() + " " + expectation.describe() + " (now: " + now.summary() + ")");
    }

    @Override
    public void apply(StepContext ctx) {
        // Nothing to change: db.check only observes.
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Member member = DatabaseTarget.of(ctx);
        DbCheck expectation = DbCheck.from(ctx.params());
        Duration interval = ctx.params().duration("interval", DbCheckStepType.DEFAULT_INTERVAL);
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL);
        int probes = 0;
        Duration slowestProbe = Duration.ZERO;
        Observation last;
        try {
            while (true) {
                long started = System.nanoTime();
                last = probe(ctx, member, expectation);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                slowestProbe = took.compareTo(slowestProbe) > 0 ? took : slowestProbe;
                probes++;
                ctx.output("probes", probes);
                if (last.status().isPresent() && expectation.holds(last.status().get(), last.value())) {
                    MemberStatus status = last.status().get();
                    ctx.output("role", status.role().name().toLowerCase(Locale.ROOT));
                    ctx.output("writable", status.writable());
                    last.value().ifPresent(v -> ctx.output("value", v));
                    progress.offer(member.label() + " " + expectation.describe() + ": " + last.summary());
                    return;
                }
                progress.offer("not yet: " + last.summary());
                // Stop while there is time to say why: a probe of a silent member takes its whole
                // timeout, and one cut short by the deadline would end as a bare "timed out".
                if (Deadline.left(ctx).compareTo(interval.plus(slowestProbe)) <= 0) {
                    break;
                }
                progress.flushIfDue();
                Thread.sleep(interval);
            }
        } finally {
            progress.flush();
        }
        String message = member.label() + " did not become what was expected (" + expectation.describe()
                + ") before the deadline (" + probes + (probes == 1 ? " probe" : " probes") + "); last: "
                + last.summary();
        if (last.status().isEmpty()) {
            throw new TargetUnreachableException(member.label(), message);
        }
        throw new StepFailedException(message);
    }

    private static Observation probe(StepContext ctx, Member member, DbCheck expectation) throws StepException {
        Dialect dialect = member.database().engine().dialect();
        try (Connection c = new MemberConnector(ctx).open(member)) {
            MemberStatus status = dialect.status(c);
            Optional<String> value = expectation.query().isPresent()
                    ? dialect.queryValue(c, expectation.query().get())
                    : Optional.empty();
            return new Observation(Optional.of(status), value, "");
        } catch (TargetUnreachableException e) {
            return new Observation(Optional.empty(), Optional.empty(), e.getMessage());
        } catch (SQLException e) {
            StepException failure =
                    SqlFailures.during(member, "probing", e, member.database().socketTimeout());
            if (failure instanceof TargetUnreachableException) {
                return new Observation(Optional.empty(), Optional.empty(), failure.getMessage());
            }
            throw failure;
        }
    }
}
