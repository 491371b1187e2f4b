package io.drctl.adapters.database;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bound {@code db.promote} step. check looks at the standby and every other member, measures
 * the lag, and applies the guards (a stop is exit 3); apply promotes; verify waits until the
 * member is a primary that accepts writes and records where its history stands. A member that
 * already is a writable primary is already done.
 */
final class DbPromoteStep implements Step {
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a standby gets to catch up with a fenced primary before the lag is judged. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(10);

    /** The standby's history before this attempt promotes it: verify proves the promotion moved it on. */
    private Optional<Long> timelineBefore = Optional.empty();
    /** MariaDB: the GTIDs the standby had received when check looked; the new primary must continue them. */
    private Optional<String> receivedBefore = Optional.empty();

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        Member target = DatabaseTarget.of(ctx);
        Dialect dialect = target.database().engine().dialect();
        MemberConnector connector = new MemberConnector(ctx);
        try (Connection c = connector.open(target);
                OtherMembers others = OtherMembers.look(connector, target)) {
            MemberStatus status = dialect.status(c);
            timelineBefore = status.isStandby() ? dialect.timeline(c) : Optional.empty();
            receivedBefore = status.isStandby() ? dialect.receivedHistory(c) : Optional.empty();
            PlanGraph graph = new PlanGraph(ctx.plan());
            SplitBrainGuard.Verdict splitBrain = SplitBrainGuard.assess(ctx, graph, others.seen());
            if (status.role() == MemberStatus.Role.PRIMARY && status.writable()) {
                return alreadyPrimary(ctx, target, status, splitBrain, graph);
            }
            Optional<String> blocker = status.isStandby() ? dialect.promotionBlocker(c) : Optional.empty();
            if (blocker.isPresent()) {
                return CheckResult.blocked(target.label() + " cannot be promoted yet: " + blocker.get());
            }
            Optional<String> wrongPairing = IdentityCheck.mismatch(ctx, target, c, others, graph);
            if (wrongPairing.isPresent()) {
                return CheckResult.blocked(wrongPairing.get());
            }
            Optional<Lag> lag =
                    status.isStandby() ? Optional.of(lagAfterCatchUp(ctx, target, c, others)) : Optional.empty();
            PromotionGuards.Outcome outcome = PromotionGuards.apply(ctx, target, lag, splitBrain, graph);
            outcome.outputs().forEach(ctx::output);
            if (outcome instanceof PromotionGuards.Stop stop) {
                return CheckResult.blocked(stop.reason());
            }
            PromotionGuards.Go go = (PromotionGuards.Go) outcome;
            go.acceptances().forEach(ctx::progress);
            List<String> changes = new ArrayList<>(dialect.promotionChanges(status, promoteWait(ctx)));
            if (shutOutByAFence(ctx, target)) {
                changes.add(
                        "let the application in again on the new primary (the rejectConnections fence replicated to it): "
                                + target.database().application().asMap());
            }
            changes.addAll(go.notes());
            changes.addAll(go.acceptances());
            return new CheckResult.WillChange(
                    "will promote " + target.label() + " (now " + status.summary() + ")", changes);
        } catch (SQLException e) {
            throw SqlFailures.during(
                    target, "looking at it", e, target.database().socketTimeout());
        }
    }

    /**
     * A target that already takes writes is done only if no other member takes them too: "already
     * primary" (promoted by hand, or by an earlier attempt) goes through the same split-brain guard.
     */
    private static CheckResult alreadyPrimary(
            StepContext ctx, Member target, MemberStatus status, SplitBrainGuard.Verdict splitBrain, PlanGraph graph) {
        ctx.output("alreadyPrimary", true);
        PromotionGuards.Outcome outcome = PromotionGuards.apply(ctx, target, Optional.empty(), splitBrain, graph);
        outcome.outputs().forEach(ctx::output);
        if (outcome instanceof PromotionGuards.Stop stop) {
            return CheckResult.blocked(
                    target.label() + " is already the primary (" + status.summary() + "), but " + stop.reason());
        }
        PromotionGuards.Go go = (PromotionGuards.Go) outcome;
        go.acceptances().forEach(ctx::progress);
        String accepted = go.acceptances().isEmpty() ? "" : "; " + String.join("; ", go.acceptances());
        return CheckResult.alreadyDone(
                target.label() + " is already the primary (" + status.summary() + ")" + accepted);
    }

    /**
     * The lag, after giving the standby a few seconds to apply what a fenced primary wrote last
     * (the fence itself, the final transactions): a planned switchover then loses nothing.
     */
    private static Lag lagAfterCatchUp(StepContext ctx, Member target, Connection standby, OtherMembers others)
            throws SQLException, InterruptedException {
        Dialect dialect = target.database().engine().dialect();
        Lag lag = dialect.lag(standby, others.primary());
        if (lag.nothingMissing()
                || !lag.primaryAnswered()
                || !lag.applying()
                || !others.primaryRefusesWrites()
                || Preview.isPreview(ctx)) {
            return lag;
        }
        Duration wait = Deadline.min(CATCH_UP_WAIT, Deadline.left(ctx));
        ctx.progress("waiting up to " + DurationText.canonical(wait) + " for " + target.label()
                + " to apply what the fenced primary wrote (" + lag.describe() + ")");
        long end = System.nanoTime() + wait.toNanos();
        while (!lag.nothingMissing() && System.nanoTime() < end) {
            Thread.sleep(POLL.toMillis() / 2);
            lag = dialect.lag(standby, others.primary());
        }
        return lag;
    }

    @Override
    public void apply(StepContext ctx) throws StepException {
        Member target = DatabaseTarget.of(ctx);
        Dialect dialect = target.database().engine().dialect();
        Duration wait = promoteWait(ctx);
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new StepFailedException("no time left in the step's timeout to promote " + target.label());
        }
        try (Connection c = new MemberConnector(ctx).open(target)) {
            // The promotion may take the whole wait before it answers; the session must outlast it.
            MemberConnector.allowAnswersWithin(c, wait.plus(target.database().socketTimeout()));
            ctx.progress("promoting " + target.label());
            dialect.promote(c, wait, ctx::progress);
        } catch (SQLException e) {
            throw SqlFailures.during(target, "promoting", e, target.database().socketTimeout());
        }
    }

    /**
     * A promotion that did not start a new history did not happen as drctl thinks: another
     * member's WAL could still be replayed into it, or it was a primary all along. Proven only
     * when both numbers are known (a resume after the promotion has no "before").
     */
    private void proveNewHistory(Member target, Optional<Long> after, Map<String, Object> position)
            throws StepFailedException {
        if (timelineBefore.isEmpty()) {
            return;
        }
        long before = timelineBefore.get();
        // The timeline of the WAL being written now (position); the control file's checkpoint
        // timeline lags until the end-of-recovery checkpoint completes.
        long now = position.get("timeline") instanceof Number n ? n.longValue() : after.orElse(before);
        if (now <= before) {
            throw new StepFailedException(target.describe() + " answers as a primary but is still on timeline " + now
                    + " (it was on " + before
                    + " before the promotion): a promotion starts a new timeline, so this one is not proven;"
                    + " look at the server's log before sending writes to it");
        }
    }

    /**
     * A rejectConnections fence of this database shut the application out with catalog changes,
     * which replicated to this standby before it was promoted: the new primary lets it in again.
     * The old primary, on its own timeline now, stays shut.
     */
    private static void admitApplication(StepContext ctx, Member target, Dialect dialect, Connection primary)
            throws SQLException {
        if (!shutOutByAFence(ctx, target)) {
            return;
        }
        DatabaseSpec.Application application = target.database().application();
        dialect.admitConnections(primary, application);
        ctx.output("reopened", application.asMap());
        ctx.progress("let the application in again on " + target.label() + ": " + application.asMap());
    }

    static boolean shutOutByAFence(StepContext ctx, Member target) {
        return target.database().application().named()
                && new PlanGraph(ctx.plan())
                        .steps().stream()
                                .anyMatch(s -> s.type().equals(DbFenceStepType.NAME)
                                        && target.database()
                                                .name()
                                                .equals(s.with().get("database"))
                                        && DbFenceStep.REJECT_CONNECTIONS.equals(
                                                s.with().get("method")));
    }

    /**
     * MariaDB: the new primary's GTID position continues every domain the replica had received
     * before the promotion; a gap means received transactions were thrown away with the relay log.
     */
    private void proveNothingReceivedWasLost(StepContext ctx, Member target, Dialect dialect, Connection primary)
            throws SQLException, StepFailedException {
        if (receivedBefore.isEmpty()) {
            return;
        }
        Optional<String> lost = dialect.historyLost(receivedBefore.get(), primary);
        if (lost.isPresent()) {
            throw new StepFailedException(
                    target.describe() + " takes writes but does not hold all it had received before the "
                            + "promotion (" + receivedBefore.get() + "): " + lost.get()
                            + "; look at its relay log before sending writes to it");
        }
        ctx.output("gtidReceivedBefore", receivedBefore.get());
        ctx.output("gtidContinuity", "continuous: the new primary holds every GTID it had received");
    }

    /** The promotion's own wait: promoteTimeout, cut short by the step's deadline. */
    private static Duration promoteWait(StepContext ctx) {
        return Deadline.min(
                ctx.params().duration("promoteTimeout", DbPromoteStepType.DEFAULT_PROMOTE_TIMEOUT), Deadline.left(ctx));
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Member target = DatabaseTarget.of(ctx);
        Dialect dialect = target.database().engine().dialect();
        MemberConnector connector = new MemberConnector(ctx);
        String last = "not looked at yet";
        while (true) {
            try (Connection fresh = connector.open(target)) {
                MemberStatus status = dialect.status(fresh);
                if (status.role() == MemberStatus.Role.PRIMARY && status.writable()) {
                    Map<String, Object> position = dialect.position(fresh);
                    proveNewHistory(target, dialect.timeline(fresh), position);
                    proveNothingReceivedWasLost(ctx, target, dialect, fresh);
                    position.forEach(ctx::output);
                    timelineBefore.ifPresent(t -> ctx.output("timelineBefore", t));
                    admitApplication(ctx, target, dialect, fresh);
                    ctx.progress(target.label() + " is the primary and accepts writes: " + position);
                    return;
                }
                last = status.summary();
            } catch (SQLException e) {
                throw SqlFailures.during(
                        target, "checking the promotion", e, target.database().socketTimeout());
            }
            if (Deadline.left(ctx).compareTo(POLL.multipliedBy(2)) <= 0) {
                throw new StepFailedException(
                        target.describe() + " is not a primary that accepts writes after promotion: " + last);
            }
            Thread.sleep(POLL);
        }
    }
}
