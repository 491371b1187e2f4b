package io.drctl.adapters.dns;

import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The parameters of a record-changing step, read from its context with names made absolute;
 * {@code ttlLoweredIn}: the id of the preparation run that lowered the records' TTLs, if named.
 */
record DnsStepSettings(
        String zoneKey, Name zone, List<RecordRequest> requests, boolean waitForTtl, Optional<String> ttlLoweredIn) {

    @SuppressWarnings("unchecked")
    static DnsStepSettings forUpdate(StepContext ctx) throws StepFailedException {
        Params p = ctx.params();
        String zoneKey = p.string("zone");
        Name zone = zoneName(ctx, zoneKey);
        List<Map<String, Object>> entries =
                p.objects("records").stream().map(Params::raw).toList();
        try {
            return new DnsStepSettings(
                    zoneKey,
                    zone,
                    RecordRequest.read(entries, zone),
                    p.bool("waitForTtl", false),
                    p.optionalString("ttlLoweredIn"));
        } catch (RecordRequest.BadRecordException e) {
            throw new StepFailedException(e.path() + ": " + e.getMessage());
        }
    }

    static Name zoneName(StepContext ctx, String zoneKey) throws StepFailedException {
        return DnsZones.zoneOf(ctx.plan(), zoneKey)
                .orElseThrow(() -> new StepFailedException(
                        "zone '" + zoneKey + "' is not in spec.dns " + DnsZones.known(ctx.plan())));
    }
}
