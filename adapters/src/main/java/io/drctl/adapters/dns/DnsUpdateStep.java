package io.drctl.adapters.dns;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.time.Instant;
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
    static final java.time.Duration READ_BACK_INTERVAL = java.time.Duration.ofMillis(250);

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
            String summary = "will change " + planned.lines().size() + (planned.lines().size() == 1 ? " RRset" : " RRsets")
                    + " in zone " + provider.zone() + " through " + provider.target();
            summary += CacheExpiry.rtoNote(ctx.plan().objectives(), planned.longestReplacedTtl()).map(n -> "; " + n).orElse("");
            return new CheckResult.WillChange(summary, planned.lines());
        }
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        DnsStepSettings settings = DnsStepSettings.forUpdate(ctx);
        try (DnsProvider provider = DnsZones.open(ctx, settings.zoneKey())) {
            RecordUpdate update = planned != null ? planned
                    : RecordUpdate.plan(settings.requests(), ZoneSnapshot.read(provider, settings.requests()));
            List<Map<String, Object>> previous = update.replaced().stream().map(RecordSet::toOutput).toList();
            ChangeLog.write(ctx, new ChangeLog.Entry(Instant.now(), false, update.longestReplacedTtl(), previous,
                    provider.publishDelay()));
            provider.apply(update.change());
            ChangeLog.write(ctx, new ChangeLog.Entry(Instant.now(), true, update.longestReplacedTtl(), previous,
                    provider.publishDelay()));
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
            CacheExpiry.await(ctx, change);
        }
    }

    /** Reads the RRsets back until they are what was asked for, or fails near the deadline saying what differs. */
    private static ZoneSnapshot readBackUntilInPlace(StepContext ctx, DnsProvider provider, List<RecordRequest> requests)
            throws StepException, InterruptedException {
        while (true) {
            ZoneSnapshot now = ZoneSnapshot.read(provider, requests);
            List<String> differences = differences(requests, now);
            if (differences.isEmpty()) {
                return now;
            }
            if (Instant.now().plus(READ_BACK_INTERVAL).plus(CacheExpiry.FINISH_MARGIN).isAfter(ctx.deadline())) {
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
            boolean ttlMatches = r.ttl().isEmpty() || (current.isPresent() && current.get().ttl() == r.ttl().getAsLong());
            if (!valuesMatch || !ttlMatches) {
                out.add(r.key() + " is " + current.map(RecordSet::describeValues).orElse("absent"));
            }
            for (RecordType other : ZoneSnapshot.conflicting(r.type())) {
                now.current(r.name(), other).ifPresent(set -> out.add(set.key() + " still exists"));
            }
        }
        return out;
    }
}
