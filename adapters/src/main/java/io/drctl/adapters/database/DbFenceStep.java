package io.drctl.adapters.database;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.NeedsHumanException;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bound {@code db.fence} step. check looks (and says already done when a new session cannot
 * write); apply stops writes and ends the other client sessions; verify proves it from a new
 * session. A member that does not answer cannot be fenced: the step records
 * {@code fenced: unproven} and why, and goes on or stops as {@code ifUnproven} says.
 */
final class DbFenceStep implements Step {
    static final String OUTPUT_FENCED = "fenced";
    static final String PROVEN = "proven";
    static final String UNPROVEN = "unproven";
    static final String OUTPUT_METHOD = "method";
    static final String REJECT_CONNECTIONS = "rejectConnections";
    /** A configuration reload reaches new sessions within moments; this bounds the wait for it. */
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(200);

    /** Why the member could not be reached, once it could not: later phases then do not wait for it again. */
    private String silence;
    /** Sessions apply could not end: they may keep writing, so the fence cannot be called proven. */
    private List<String> sessionsNotEnded = List.of();

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        Member member = DatabaseTarget.of(ctx);
        Dialect dialect = member.database().engine().dialect();
        try (Connection c = new MemberConnector(ctx).open(member)) {
            dialect.clusterIdentity(c).ifPresent(id -> ctx.output(IdentityCheck.OUTPUT, id));
            FenceProof proof = dialect.proveFenced(c, member.database().application(), rejectsConnections(ctx));
            if (proof instanceof FenceProof.Proven proven) {
                return CheckResult.alreadyDone(member.label() + " is already fenced: " + proven.evidence());
            }
            MemberStatus status = dialect.status(c);
            List<String> changes = new ArrayList<>(dialect.fenceChanges());
            if (rejectsConnections(ctx)) {
                changes.add(
                        0,
                        "shut the application out: "
                                + member.database().application().asMap()
                                + " (roles NOLOGIN, databases ALLOW_CONNECTIONS false; db.promote opens them again on the new primary)");
            }
            return new CheckResult.WillChange(
                    "will fence " + member.label() + " (now " + status.summary() + ")", changes);
        } catch (TargetUnreachableException e) {
            return cannotFence(member, e.getMessage());
        } catch (SQLException e) {
            StepException failure = SqlFailures.during(
                    member, "looking at it", e, member.database().socketTimeout());
            if (failure instanceof TargetUnreachableException) {
                return cannotFence(member, failure.getMessage());
            }
            throw failure;
        }
    }

    private CheckResult cannotFence(Member member, String why) {
        silence = why;
        return CheckResult.willChange(
                why + ": it cannot be fenced now; the fence will be recorded as unproven",
                "record fenced: unproven (a db.promote of " + member.database().name()
                        + " then needs acceptSplitBrainRisk or an approval step after this one)");
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        if (silence != null) {
            return;
        }
        Member member = DatabaseTarget.of(ctx);
        Dialect dialect = member.database().engine().dialect();
        MemberConnector connector = new MemberConnector(ctx);
        try (Connection c = connector.open(member)) {
            // Recorded before the fence, so that a promotion can check its standby against it when this member is gone.
            dialect.clusterIdentity(c).ifPresent(id -> ctx.output(IdentityCheck.OUTPUT, id));
            ctx.progress("stopping writes on " + member.label());
            dialect.stopWrites(c);
            if (rejectsConnections(ctx)) {
                ctx.progress("shutting the application out of " + member.label() + ": "
                        + member.database().application().asMap());
                dialect.rejectConnections(c, member.database().application());
            }
            awaitNewSessionsReadOnly(ctx, member, dialect, connector);
            SessionSweep sweep = dialect.endClientSessions(c);
            ctx.output("sessionsEnded", sweep.ended());
            ctx.progress("ended " + sweep.ended() + " client session" + (sweep.ended() == 1 ? "" : "s") + " on "
                    + member.label());
            if (!sweep.notEnded().isEmpty()) {
                sessionsNotEnded = sweep.notEnded();
                ctx.output("sessionsNotEnded", sweep.notEnded());
                ctx.progress("could not end " + sweep.notEnded().size() + " session(s): "
                        + String.join("; ", sweep.notEnded()));
            }
        } catch (TargetUnreachableException e) {
            silence = e.getMessage();
        } catch (SQLException e) {
            StepException failure =
                    SqlFailures.during(member, "fencing", e, member.database().socketTimeout());
            if (failure instanceof TargetUnreachableException) {
                silence = failure.getMessage();
                return;
            }
            throw failure;
        }
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Member member = DatabaseTarget.of(ctx);
        ctx.output("database", member.database().name());
        ctx.output("member", member.name());
        if (silence != null) {
            unproven(ctx, member, silence);
            return;
        }
        Dialect dialect = member.database().engine().dialect();
        MemberConnector connector = new MemberConnector(ctx);
        String lastWhy = "no proof yet";
        while (true) {
            try (Connection fresh = connector.open(member)) {
                FenceProof proof = dialect.proveFenced(fresh, member.database().application(), rejectsConnections(ctx));
                if (proof instanceof FenceProof.Unprovable unprovable) {
                    unproven(ctx, member, unprovable.why());
                    return;
                }
                if (proof instanceof FenceProof.Proven proven && !sessionsNotEnded.isEmpty()) {
                    unproven(
                            ctx,
                            member,
                            proven.evidence() + "; but " + sessionsNotEnded.size() + " session(s) could not be "
                                    + "ended and may still write: " + String.join("; ", sessionsNotEnded));
                    return;
                }
                if (proof instanceof FenceProof.Proven proven) {
                    ctx.output(OUTPUT_FENCED, PROVEN);
                    ctx.output(OUTPUT_METHOD, rejectsConnections(ctx) ? REJECT_CONNECTIONS : "readOnly");
                    if (rejectsConnections(ctx)) {
                        ctx.output("rejected", member.database().application().asMap());
                    }
                    List<String> provenAs = new ArrayList<>(List.of(member.user()));
                    provenAs.addAll(member.database().application().roles());
                    ctx.output("provenAs", provenAs);
                    ctx.output("survivesRestart", dialect.fenceSurvivesRestart());
                    ctx.output("proof", proven.evidence());
                    ctx.progress(member.label() + " fenced: " + proven.evidence());
                    return;
                }
                lastWhy = ((FenceProof.NotYet) proof).why();
            } catch (TargetUnreachableException e) {
                unproven(ctx, member, e.getMessage() + " (after the fencing commands)");
                return;
            } catch (SQLException e) {
                StepException failure = SqlFailures.during(
                        member, "proving the fence", e, member.database().socketTimeout());
                if (failure instanceof TargetUnreachableException) {
                    unproven(ctx, member, failure.getMessage() + " (after the fencing commands)");
                    return;
                }
                throw failure;
            }
            if (Deadline.left(ctx).compareTo(POLL.multipliedBy(2)) <= 0) {
                throw new StepFailedException(member.describe() + " is not fenced: " + lastWhy);
            }
            Thread.sleep(POLL);
        }
    }

    static boolean rejectsConnections(StepContext ctx) {
        return REJECT_CONNECTIONS.equals(ctx.params().raw().get("method"));
    }

    private static void awaitNewSessionsReadOnly(
            StepContext ctx, Member member, Dialect dialect, MemberConnector connector)
            throws StepException, SQLException, InterruptedException {
        Duration limit = Deadline.min(RELOAD_WAIT, Deadline.left(ctx));
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try (Connection fresh = connector.open(member)) {
                if (dialect.writesStoppedFor(fresh)) {
                    return;
                }
            }
            if (System.nanoTime() >= end) {
                return; // verify says what is missing
            }
            Thread.sleep(POLL);
        }
    }

    private static void unproven(StepContext ctx, Member member, String why)
            throws NeedsHumanException, StepFailedException {
        ctx.output(OUTPUT_FENCED, UNPROVEN);
        ctx.output("reason", why);
        ctx.progress("fence UNPROVEN: " + why + "; a db.promote of "
                + member.database().name()
                + " now goes on only with acceptSplitBrainRisk: true or an approval step after this one");
        if ("stop".equals(ctx.params().optionalString("ifUnproven").orElse("continue"))) {
            throw new NeedsHumanException("fencing " + member.label() + " is unproven: " + why
                    + "; make sure it cannot accept writes, then resume or run the plan again");
        }
    }
}
