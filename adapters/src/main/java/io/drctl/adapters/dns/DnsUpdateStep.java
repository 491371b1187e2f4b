package io.drctl.adapters.dns;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bound {@code dns.update}. check reads the RRsets from the authoritative source and shows
 * current → desired; apply sends one change replacing them (and removing what cannot share
 * their name); verify reads them back until the source answers what was asked, records the SOA
 * serial and, with {@code waitForTtl}, waits out the replaced TTL.
 */
final class DnsUpdateStep implements Step {
    /** The pause between read-backs while the source does not yet show the change. */
    static final Duration READ_BACK_INTERVAL = Duration.ofMillis(250);

    /** What check saw, so that apply changes exactly what was shown (the same attempt, milliseconds later). */
    private RecordUpdate planned;

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        DnsStepSettings settings = DnsStepSettings.forUpdate(ctx);
        try (DnsProvider provider = DnsZones.open(ctx, settings.zoneKey())) {
            planned = RecordUpdate.plan(settings.requests(), ZoneSnapshot.read(provider, settings.requests()));
            if (planned.nothingToDo()) {
                return CheckResult.alreadyDone(planned.alreadyText());
            }
            String summary =
                    "will change " + planned.lines().size() + (planned.lines().size() == 1 ? " RRset" : " RRsets")
                            + " in zone " + provider.zone() + " through " + provider.target();
            summary += CacheExpiry.rtoNote(ctx.plan().objectives(), planned.longestReplacedTtl())
                    .map(n -> "; " + n)
                    .orElse("");
            if (settings.waitForTtl()) {
                summary += "; " + waitPreview(ctx, settings, provider, planned);
            }
            return new CheckResult.WillChange(summary, planned.lines());
        }
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        DnsStepSettings settings = DnsStepSettings.forUpdate(ctx);
        try (DnsProvider provider = DnsZones.open(ctx, settings.zoneKey())) {
            RecordUpdate update = planned != null
                    ? planned
                    : RecordUpdate.plan(settings.requests(), ZoneSnapshot.read(provider, settings.requests()));
            ChangeLog.Entry sent = entry(ctx, settings, provider, update, Instant.now());
            ChangeLog.write(ctx, sent);
            provider.apply(update.change());
            ChangeLog.write(ctx, sent.confirmedAt(Instant.now()));
            ctx.progress("changed " + update.change().describeTargets() + " through " + provider.target());
        }
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        DnsStepSettings settings = DnsStepSettings.forUpdate(ctx);
        Optional<ChangeLog.Entry> change = ChangeLog.read(ctx);
        try (DnsProvider provider = DnsZones.open(ctx, settings.zoneKey())) {
            ZoneSnapshot now = readBackUntilInPlace(ctx, provider, settings.requests());
            ctx.output("previous", change.map(ChangeLog.Entry::previous).orElseGet(now::existingAsOutput));
            change.ifPresent(c -> ctx.output("changedAt", c.at().toString()));
            provider.stateOutputs().forEach(ctx::output);
            provider.propagationNote().ifPresent(ctx::progress);
        }
        if (settings.waitForTtl()) {
            List<TtlHistory.Lowering> lowerings = change.isEmpty()
                    ? List.of()
                    : TtlHistory.of(
                            ctx,
                            settings,
                            change.get().previous().stream()
                                    .flatMap(p -> RecordSet.keyOf(p).stream())
                                    .toList());
            settings.ttlLoweredIn()
                    .ifPresent(run -> lowerings.stream()
                            .filter(l -> l.by().endsWith(" of run " + run))
                            .forEach(l -> ctx.progress(
                                    "waitForTtl: " + l.by() + " lowered " + l.key() + " from ttl " + l.previousTtl()
                                            + "s at " + l.at().truncatedTo(ChronoUnit.SECONDS)
                                            + "; caches may hold what it had until "
                                            + l.cachesExpireAt().truncatedTo(ChronoUnit.SECONDS))));
            CacheExpiry.await(ctx, change, lowerings);
        }
    }

    /**
     * What apply records before and after sending: what the change replaces, and for RRsets that
     * did not exist the zone's negative-caching TTL (read now, while it is what resolvers used).
     */
    private static ChangeLog.Entry entry(
            StepContext ctx, DnsStepSettings settings, DnsProvider provider, RecordUpdate update, Instant at)
            throws StepException, InterruptedException {
        List<Map<String, Object>> previous =
                update.replaced().stream().map(RecordSet::toOutput).toList();
        long negativeTtl = -1;
        String negativeWhy = "";
        if (!update.absent().isEmpty()) {
            try {
                ZoneSoa soa = DnsZones.soa(ctx, provider, settings.zoneKey());
                negativeTtl = soa.negativeTtl();
                negativeWhy = soa.negativeTtlWhy();
            } catch (ZoneSoa.Unavailable e) {
                negativeWhy = "reading the SOA of zone " + provider.zone() + ": " + e.getMessage();
            }
        }
        return new ChangeLog.Entry(
                at,
                false,
                update.longestReplacedTtl(),
                previous,
                provider.publishDelay(),
                ChangeLog.UPDATE,
                provider.zone().toString(),
                update.absentText(),
                negativeTtl,
                negativeWhy);
    }

    /** Whole seconds, never less than what is left: a wait said too short is the lie this step exists to avoid. */
    private static Duration roundedUp(Duration d) {
        return d.isNegative() ? Duration.ZERO : Duration.ofSeconds(d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    }

    /** For plan: how long verify would wait if the change went out now, and why (the one line an operator checks). */
    private static String waitPreview(
            StepContext ctx, DnsStepSettings settings, DnsProvider provider, RecordUpdate update)
            throws StepException, InterruptedException {
        Instant now = Instant.now();
        ChangeLog.Entry asIfNow = entry(ctx, settings, provider, update, now);
        if (!asIfNow.absent().isEmpty() && asIfNow.negativeTtl() < 0) {
            return "waitForTtl: cannot tell how long resolvers cache the absence of "
                    + String.join(", ", asIfNow.absent()) + " (" + asIfNow.negativeTtlWhy() + ")";
        }
        List<TtlHistory.Lowering> lowerings = TtlHistory.of(
                ctx, settings, update.replaced().stream().map(RecordSet::key).toList());
        return CacheExpiry.longest(CacheExpiry.holds(asIfNow, lowerings))
                .map(h -> "waitForTtl: will wait " + DurationText.canonical(roundedUp(Duration.between(now, h.until())))
                        + " after the change (" + h.why() + ")")
                .orElse("waitForTtl: nothing to wait for");
    }

    /** Reads the RRsets back until they are what was asked for, or fails near the deadline saying what differs. */
    private static ZoneSnapshot readBackUntilInPlace(
            StepContext ctx, DnsProvider provider, List<RecordRequest> requests)
            throws StepException, InterruptedException {
        while (true) {
            ZoneSnapshot now = ZoneSnapshot.read(provider, requests);
            List<String> differences = differences(requests, now);
            if (differences.isEmpty()) {
                return now;
            }
            if (Instant.now()
                    .plus(READ_BACK_INTERVAL)
                    .plus(CacheExpiry.FINISH_MARGIN)
                    .isAfter(ctx.deadline())) {
                throw new StepFailedException(provider.target() + " (zone " + provider.zone()
                        + ") does not answer what was set: " + String.join("; ", differences));
            }
            ctx.progress("waiting for " + provider.target() + " to answer the new records: " + differences.getFirst());
            Thread.sleep(READ_BACK_INTERVAL);
        }
    }

    private static List<String> differences(List<RecordRequest> requests, ZoneSnapshot now) {
        List<String> out = new ArrayList<>();
        for (RecordRequest r : requests) {
            Optional<RecordSet> current = now.current(r.key());
            // A TTL left to drctl keeps whatever is there: only the values must match then.
            boolean valuesMatch = current.isPresent() && current.get().values().equals(r.values());
            boolean ttlMatches = r.ttl().isEmpty()
                    || (current.isPresent() && current.get().ttl() == r.ttl().getAsLong());
            if (!valuesMatch || !ttlMatches) {
                out.add(r.key() + " is "
                        + current.map(RecordSet::describeValues).orElse("absent"));
            }
            for (RecordType other : ZoneSnapshot.conflicting(r.type())) {
                now.current(r.name(), other).ifPresent(set -> out.add(set.key() + " still exists"));
            }
        }
        return out;
    }
}
