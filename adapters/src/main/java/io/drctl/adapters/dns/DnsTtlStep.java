package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * A bound {@code dns.ttl}. check reads the RRsets and lists those whose TTL is above the target
 * (noting TTLs longer than the plan's RTO); apply replaces them with the same values and the
 * lower TTL; verify reads them back, records when caches will have expired the old TTL and, with
 * {@code waitForTtl}, waits until then.
 */
final class DnsTtlStep implements Step {
    private List<RecordSet> toLower;

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        Settings s = Settings.of(ctx);
        try (DnsProvider provider = DnsZones.open(ctx, s.zoneKey())) {
            List<RecordSet> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (RrsetKey key : s.keys()) {
                provider.read(key.name(), key.type()).ifPresentOrElse(found::add, () -> missing.add(key.toString()));
            }
            toLower = found.stream().filter(set -> set.ttl() > s.ttl()).toList();
            String absent = missing.isEmpty() ? "" : "; absent, nothing to lower: " + String.join(", ", missing);
            if (toLower.isEmpty()) {
                return CheckResult.alreadyDone("every TTL is already " + s.ttl() + "s or lower" + absent);
            }
            List<String> lines = toLower.stream()
                    .map(set -> set.key() + ": ttl " + set.ttl() + " → " + s.ttl())
                    .toList();
            long longest = toLower.stream().mapToLong(RecordSet::ttl).max().orElse(0);
            Optional<String> note = CacheExpiry.rtoNote(ctx.plan().objectives(), longest);
            ctx.output("ttlLongerThanRto", note.isPresent());
            return new CheckResult.WillChange(
                    "will lower " + toLower.size() + (toLower.size() == 1 ? " TTL" : " TTLs")
                            + " to " + s.ttl() + "s in zone " + provider.zone() + " through " + provider.target()
                            + absent
                            + note.map(n -> "; " + n).orElse(""),
                    lines);
        }
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        Settings s = Settings.of(ctx);
        if (toLower == null) {
            check(ctx);
        }
        try (DnsProvider provider = DnsZones.open(ctx, s.zoneKey())) {
            long longest = toLower.stream().mapToLong(RecordSet::ttl).max().orElse(0);
            List<Map<String, Object>> previous =
                    toLower.stream().map(RecordSet::toOutput).toList();
            ChangeLog.Entry sent = new ChangeLog.Entry(
                    Instant.now(),
                    false,
                    longest,
                    previous,
                    provider.publishDelay(),
                    ChangeLog.TTL,
                    provider.zone().toString(),
                    List.of(),
                    -1,
                    "");
            ChangeLog.write(ctx, sent);
            provider.apply(new ZoneChange(
                    List.of(), toLower.stream().map(set -> set.withTtl(s.ttl())).toList()));
            ChangeLog.write(ctx, sent.confirmedAt(Instant.now()));
            ctx.progress("lowered the TTL of "
                    + String.join(
                            ", ",
                            toLower.stream().map(set -> set.key().toString()).toList()) + " to " + s.ttl() + "s");
        }
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Settings s = Settings.of(ctx);
        Optional<ChangeLog.Entry> change = ChangeLog.read(ctx);
        try (DnsProvider provider = DnsZones.open(ctx, s.zoneKey())) {
            List<String> tooLong = new ArrayList<>();
            for (RrsetKey key : s.keys()) {
                provider.read(key.name(), key.type())
                        .filter(set -> set.ttl() > s.ttl())
                        .ifPresent(set -> tooLong.add(set.key() + " has ttl " + set.ttl()));
            }
            if (!tooLong.isEmpty()) {
                throw new StepFailedException(provider.target() + " (zone " + provider.zone()
                        + ") still answers a TTL above " + s.ttl() + "s: " + String.join("; ", tooLong));
            }
            change.ifPresent(c -> {
                ctx.output("previous", c.previous());
                ctx.output("changedAt", c.at().toString());
                ctx.output("cachesExpireAt", CacheExpiry.expiresAt(c).toString());
            });
            provider.stateOutputs().forEach(ctx::output);
            provider.propagationNote().ifPresent(ctx::progress);
        }
        if (s.waitForTtl()) {
            CacheExpiry.await(ctx, change, List.of());
        }
    }

    private record Settings(String zoneKey, List<RrsetKey> keys, long ttl, boolean waitForTtl) {
        static Settings of(StepContext ctx) throws StepFailedException {
            Params p = ctx.params();
            String zoneKey = p.string("zone");
            Name zone = DnsStepSettings.zoneName(ctx, zoneKey);
            List<RrsetKey> keys = new ArrayList<>();
            List<Params> records = p.objects("records");
            for (int i = 0; i < records.size(); i++) {
                try {
                    keys.add(new RrsetKey(
                            RecordRequest.name(records.get(i).string("name"), zone, "records[" + i + "]"),
                            RecordType.parse(records.get(i).string("type"))));
                } catch (RecordRequest.BadRecordException e) {
                    throw new StepFailedException(e.path() + ": " + e.getMessage());
                }
            }
            return new Settings(zoneKey, keys, p.integer("ttl", 0), p.bool("waitForTtl", false));
        }
    }
}
