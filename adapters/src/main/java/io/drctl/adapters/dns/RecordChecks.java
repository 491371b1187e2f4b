package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.PlanValidation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Plan-time checks shared by the steps that change records: the zone is an entry of
 * {@code spec.dns}; every name lies inside it; values fit their type; no RRset is asked for
 * twice; a CNAME stands alone at its name and not at the zone's apex.
 */
final class RecordChecks {
    private RecordChecks() {}

    /** {@code withValues}: entries carry values (dns.update) rather than only name and type (dns.ttl). */
    @SuppressWarnings("unchecked")
    static void validate(StepDefinition step, PlanValidation validation, boolean withValues) {
        if (!(step.with().get("zone") instanceof String zoneKey)) {
            return;
        }
        if (DnsZones.entry(validation.plan(), zoneKey).isEmpty()) {
            validation.error(
                    "zone", "'" + zoneKey + "' is not a zone of spec.dns " + DnsZones.known(validation.plan()));
            return;
        }
        Name zone = DnsZones.zoneOf(validation.plan(), zoneKey).orElse(null);
        if (zone == null || !(step.with().get("records") instanceof List<?> records)) {
            return;
        }
        Set<RrsetKey> seen = new HashSet<>();
        Map<Name, String> cnameAt = new HashMap<>();
        Map<Name, String> otherAt = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (!(records.get(i) instanceof Map<?, ?> entry)) {
                continue;
            }
            String at = "records[" + i + "]";
            Name name;
            RecordType type;
            try {
                name = RecordRequest.name(String.valueOf(entry.get("name")), zone, at);
                type = RecordType.parse(String.valueOf(entry.get("type")));
                if (withValues) {
                    RecordRequest.read(List.of((Map<String, Object>) entry), zone);
                }
            } catch (RecordRequest.BadRecordException e) {
                validation.error(e.path().replaceFirst("^records\\[0]", at), e.getMessage());
                continue;
            } catch (IllegalArgumentException e) {
                continue; // a type the schema has already rejected
            }
            if (!seen.add(new RrsetKey(name, type))) {
                validation.error(at, name + " " + type + " is already set by an earlier entry of records");
            }
            if (type == RecordType.CNAME) {
                if (name.equals(zone)) {
                    validation.error(
                            at + ".name",
                            "a CNAME cannot be at the zone's apex (" + zone + "): it has SOA and NS records");
                }
                if (withValues
                        && RecordRequest.writtenValues(entry.get("value")).size() > 1) {
                    validation.error(at + ".value", "a CNAME has exactly one value");
                }
                cnameAt.put(name, at);
            } else {
                otherAt.put(name, at);
            }
        }
        cnameAt.forEach((name, at) -> {
            if (otherAt.containsKey(name)) {
                validation.error(
                        at,
                        "a CNAME cannot share its name with other records, and " + otherAt.get(name)
                                + " sets another type at " + name);
            }
        });
    }
}
