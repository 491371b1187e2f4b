package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.spi.StepException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The RRsets a change touches, as the authoritative source has them: for each requested RRset,
 * its current state and that of the types that cannot share its name (a CNAME excludes all other
 * data at a name). What a {@link ZoneChange} is planned from, and what outputs call "previous".
 */
record ZoneSnapshot(Map<RrsetKey, Optional<RecordSet>> rrsets) {

    ZoneSnapshot {
        rrsets = Collections.unmodifiableMap(new LinkedHashMap<>(rrsets));
    }

    /** Types that must go when {@code type} is put at a name. */
    static List<RecordType> conflicting(RecordType type) {
        return type == RecordType.CNAME
                ? List.of(RecordType.A, RecordType.AAAA, RecordType.TXT)
                : List.of(RecordType.CNAME);
    }

    /** Reads the requested RRsets, and those that would conflict with them, from {@code provider}. */
    static ZoneSnapshot read(DnsProvider provider, List<RecordRequest> requests)
            throws StepException, InterruptedException {
        Set<RrsetKey> keys = new LinkedHashSet<>();
        for (RecordRequest r : requests) {
            keys.add(r.key());
            conflicting(r.type()).forEach(t -> keys.add(new RrsetKey(r.name(), t)));
        }
        Map<RrsetKey, Optional<RecordSet>> out = new LinkedHashMap<>();
        for (RrsetKey key : keys) {
            out.put(key, provider.read(key.name(), key.type()));
        }
        return new ZoneSnapshot(out);
    }

    Optional<RecordSet> current(RrsetKey key) {
        return rrsets.getOrDefault(key, Optional.empty());
    }

    Optional<RecordSet> current(Name name, RecordType type) {
        return current(new RrsetKey(name, type));
    }

    /** The RRsets that exist now, as outputs. */
    List<Map<String, Object>> existingAsOutput() {
        List<Map<String, Object>> out = new ArrayList<>();
        rrsets.values().forEach(v -> v.ifPresent(set -> out.add(set.toOutput())));
        return out;
    }
}
