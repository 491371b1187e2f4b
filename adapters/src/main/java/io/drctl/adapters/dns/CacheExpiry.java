package io.drctl.adapters.dns;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * TTL awareness: when caches can no longer hold what a change replaced ({@code waitForTtl}), and
 * whether that is later than the plan's RTO allows.
 */
final class CacheExpiry {
    /** How often the wait says how long is left. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** Finish this much before the deadline, so a failure is ours and explains itself. */
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);

    private CacheExpiry() {
    }

    /** When caches can no longer hold what {@code entry} replaced: once published, its TTL later. */
    static Instant expiresAt(ChangeLog.Entry entry) {
        return entry.at().plus(entry.publishDelay()).plusSeconds(entry.replacedTtl());
    }

    /** {@code ttl 30s}, or {@code ttl 30s, after up to 1m for ExternalDNS to publish} where publishing lags. */
    private static String why(ChangeLog.Entry entry) {
        return "ttl " + entry.replacedTtl() + "s" + (entry.publishDelay().isZero() ? ""
                : ", after up to " + DurationText.canonical(entry.publishDelay()) + " for ExternalDNS to publish the change");
    }

    /**
     * Waits until caches have expired what this run's change replaced. Fails at once, without
     * waiting, when that moment lies beyond the step's deadline.
     */
    static void await(StepContext ctx, Optional<ChangeLog.Entry> change) throws StepFailedException, InterruptedException {
        if (change.isEmpty() || change.get().replacedTtl() == 0) {
            ctx.progress("waitForTtl: this run replaced nothing that caches could hold; no wait");
            return;
        }
        Instant until = expiresAt(change.get());
        ctx.output("cachesExpireAt", until.toString());
        String ttl = why(change.get());
        if (until.isAfter(ctx.deadline().minus(FINISH_MARGIN))) {
            Duration needed = Duration.between(Instant.now(), until).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            throw new StepFailedException("waitForTtl: caches may hold the replaced records (" + ttl + ") until "
                    + until.truncatedTo(ChronoUnit.SECONDS) + ", after this step's timeout ends; give the step a timeout "
                    + "of at least " + DurationText.canonical(needed) + " and resume");
        }
        while (true) {
            Duration left = Duration.between(Instant.now(), until);
            if (left.isNegative() || left.isZero()) {
                ctx.progress("caches have expired the replaced records (" + ttl + ")");
                return;
            }
            ctx.progress("waiting " + DurationText.format(left) + " for caches to expire the replaced records (" + ttl + ")");
            Thread.sleep(left.compareTo(PROGRESS_EVERY) < 0 ? left : PROGRESS_EVERY);
        }
    }

    /** A note when a TTL is longer than the plan's RTO: resolvers may serve the old answer past it. */
    static Optional<String> rtoNote(Objectives objectives, long ttlSeconds) {
        return objectives.rto().filter(rto -> Duration.ofSeconds(ttlSeconds).compareTo(rto) > 0)
                .map(rto -> "note: TTL " + ttlSeconds + "s is longer than the plan's RTO ("
                        + DurationText.canonical(rto) + "): resolvers may serve the old answer past it");
    }
}
