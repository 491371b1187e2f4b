package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What to do to a zone in one go: RRsets to remove (e.g. an A record where a CNAME goes) and
 * RRsets to put in place of whatever is there. Providers apply it as one transaction where the
 * protocol allows (one RFC 2136 UPDATE, one PowerDNS PATCH).
 */
record ZoneChange(List<RrsetKey> delete, List<RecordSet> replace) {

    ZoneChange {
        delete = List.copyOf(delete);
        replace = List.copyOf(replace);
    }

    boolean isEmpty() {
        return delete.isEmpty() && replace.isEmpty();
    }

    /** The RRsets it touches, for messages: {@code chat.example.com. A, www.example.com. CNAME}. */
    String describeTargets() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        replace.forEach(r -> names.add(r.key().toString()));
        delete.forEach(k -> names.add(k.toString()));
        return String.join(", ", names);
    }
}
