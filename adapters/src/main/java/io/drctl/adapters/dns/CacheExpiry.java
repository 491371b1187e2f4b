package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TTL awareness: until when resolvers may still serve the answer a change replaced
 * ({@code waitForTtl}), why, and whether that is later than the plan's RTO allows.
 *
 * <p>The old answer can outlive the change for the longest of: the TTL each replaced RRset had
 * at the change; the TTL it had before drctl lowered it (this run's {@code dns.ttl} or an
 * earlier run's, see {@link TtlHistory}), counted from the lowering; and, for an RRset that did
 * not exist, the zone's negative-caching TTL (RFC 2308), counted from the change.
 */
final class CacheExpiry {
    /** How often the wait says how long is left. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** Finish this much before the deadline, so a failure is ours and explains itself. */
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);

    /** Caches may hold the old answer until {@code until}, because of {@code why} (a phrase: "ttl 3600s of ..."). */
    record Hold(Instant until, String why) {}

    private CacheExpiry() {}

    /** When caches can no longer hold what {@code entry} replaced: once published, its TTL later. */
    static Instant expiresAt(ChangeLog.Entry entry) {
        return entry.at().plus(entry.publishDelay()).plusSeconds(entry.replacedTtl());
    }

    /** Every reason caches may still hold the old answer after {@code change}; {@code lowerings} as found by {@link TtlHistory}. */
    static List<Hold> holds(ChangeLog.Entry change, List<TtlHistory.Lowering> lowerings) {
        List<Hold> out = new ArrayList<>();
        Instant published = change.at().plus(change.publishDelay());
        String delay = change.publishDelay().isZero()
                ? ""
                : ", after up to " + DurationText.canonical(change.publishDelay())
                        + " for ExternalDNS to publish the change";
        String verb = ChangeLog.TTL.equals(change.kind()) ? "lowered" : "changed";
        for (Map<String, Object> p : change.previous()) {
            Optional<RrsetKey> key = RecordSet.keyOf(p);
            long ttl = p.get("ttl") instanceof Number n ? n.longValue() : change.replacedTtl();
            out.add(new Hold(
                    published.plusSeconds(ttl),
                    "ttl " + ttl + "s of " + key.map(RrsetKey::toString).orElse("a replaced RRset")
                            + ", which it had when this step " + verb + " it" + delay));
            for (TtlHistory.Lowering l : lowerings) {
                if (key.isPresent()
                        && l.key().equals(key.get())
                        && !l.at().isAfter(change.at())
                        && l.previousTtl() > ttl) {
                    out.add(new Hold(
                            l.cachesExpireAt(),
                            "ttl " + l.previousTtl() + "s of " + l.key() + ", which it had until " + l.by()
                                    + " lowered it at " + l.at().truncatedTo(ChronoUnit.SECONDS)));
                }
            }
        }
        if (change.previous().isEmpty() && change.replacedTtl() > 0) {
            out.add(new Hold(published.plusSeconds(change.replacedTtl()), "ttl " + change.replacedTtl() + "s" + delay));
        }
        if (!change.absent().isEmpty() && change.negativeTtl() >= 0) {
            out.add(new Hold(
                    published.plusSeconds(change.negativeTtl()),
                    "negative-caching ttl " + change.negativeTtl()
                            + "s of zone " + change.zone() + " (" + change.negativeTtlWhy() + "), as "
                            + String.join(", ", change.absent())
                            + " did not exist before" + delay));
        }
        return out;
    }

    /** The hold that lasts longest: what the wait is for. */
    static Optional<Hold> longest(List<Hold> holds) {
        return holds.stream().max(Comparator.comparing(Hold::until));
    }

    /** Waits for the holds of this run's change; {@code change} empty when the step changed nothing. */
    static void await(StepContext ctx, Optional<ChangeLog.Entry> change, List<TtlHistory.Lowering> lowerings)
            throws StepFailedException, InterruptedException {
        if (change.isEmpty()) {
            ctx.progress("waitForTtl: this run replaced nothing that caches could hold; no wait");
            return;
        }
        ChangeLog.Entry c = change.get();
        if (!c.absent().isEmpty() && c.negativeTtl() < 0) {
            throw new StepFailedException("waitForTtl: " + String.join(", ", c.absent()) + " did not exist before, and "
                    + "resolvers may cache that for the zone's negative-caching TTL, which drctl could not read ("
                    + c.negativeTtlWhy() + "); it cannot say when caches have let go");
        }
        await(ctx, holds(c, lowerings));
    }

    /**
     * Waits until the longest hold has passed. Fails at once, without waiting, when that moment
     * lies beyond the step's deadline, saying which TTL and why.
     */
    static void await(StepContext ctx, List<Hold> holds) throws StepFailedException, InterruptedException {
        Optional<Hold> longest = longest(holds);
        if (longest.isEmpty()) {
            ctx.progress("waitForTtl: this run replaced nothing that caches could hold; no wait");
            return;
        }
        Instant until = longest.get().until();
        String why = longest.get().why();
        ctx.output("cachesExpireAt", until.toString());
        ctx.output("cachesExpireBecause", why);
        if (until.isAfter(ctx.deadline().minus(FINISH_MARGIN))) {
            Duration needed = Duration.between(ctx.clock().now(), until)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .plusSeconds(1);
            throw new StepFailedException("waitForTtl: resolvers may serve the old answer until "
                    + until.truncatedTo(ChronoUnit.SECONDS) + " (" + why
                    + "), after this step's timeout ends; give the "
                    + "step a timeout of at least " + DurationText.canonical(needed) + " and resume");
        }
        while (true) {
            Duration left = Duration.between(ctx.clock().now(), until);
            if (left.isNegative() || left.isZero()) {
                ctx.progress("caches can no longer hold the old answer: waited for " + why);
                return;
            }
            ctx.progress(
                    "waiting " + DurationText.format(left) + " for caches to let go of the old answer (" + why + ")");
            ctx.clock().sleep(left.compareTo(PROGRESS_EVERY) < 0 ? left : PROGRESS_EVERY);
        }
    }

    /** A note when a TTL is longer than the plan's RTO: resolvers may serve the old answer past it. */
    static Optional<String> rtoNote(Objectives objectives, long ttlSeconds) {
        return objectives
                .rto()
                .filter(rto -> Duration.ofSeconds(ttlSeconds).compareTo(rto) > 0)
                .map(rto -> "note: TTL " + ttlSeconds + "s is longer than the plan's RTO ("
                        + DurationText.canonical(rto) + "): resolvers may serve the old answer past it");
    }
}
