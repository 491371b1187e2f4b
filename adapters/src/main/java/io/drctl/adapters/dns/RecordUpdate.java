package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code dns.update} has to do, worked out from what the zone holds: the RRsets to replace,
 * those to remove because they cannot share a name with what comes, and the lines that show it
 * ({@code chat.example.com. A: 192.0.2.10 (ttl 300) → 198.51.100.10 (ttl 30)}).
 */
record RecordUpdate(
        ZoneChange change,
        List<String> lines,
        List<RecordSet> desired,
        List<RecordSet> replaced,
        List<RrsetKey> absent) {

    static RecordUpdate plan(List<RecordRequest> requests, ZoneSnapshot now) {
        List<RecordSet> replace = new ArrayList<>();
        List<RecordSet> desired = new ArrayList<>();
        List<RecordSet> replaced = new ArrayList<>();
        Set<RrsetKey> delete = new LinkedHashSet<>();
        List<RrsetKey> absent = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (RecordRequest r : requests) {
            Optional<RecordSet> current = now.current(r.key());
            RecordSet want = r.desired(current);
            desired.add(want);
            if (!want.sameAs(current.orElse(null))) {
                replace.add(want);
                current.ifPresentOrElse(replaced::add, () -> absent.add(r.key()));
                lines.add(r.key() + ": "
                        + current.map(RecordSet::describeValues).orElse("(none)") + " → " + want.describeValues());
            }
            for (RecordType other : ZoneSnapshot.conflicting(r.type())) {
                RrsetKey key = new RrsetKey(r.name(), other);
                Optional<RecordSet> there = now.current(key);
                if (there.isPresent() && delete.add(key)) {
                    replaced.add(there.get());
                    lines.add(key + ": " + there.get().describeValues() + " → (removed: "
                            + (r.type() == RecordType.CNAME
                                    ? "a CNAME cannot share its name"
                                    : "it is replaced by " + r.type())
                            + ")");
                }
            }
        }
        return new RecordUpdate(
                new ZoneChange(List.copyOf(delete), replace), lines, desired, replaced, List.copyOf(absent));
    }

    /** The RRsets asked for that do not exist yet, as text: resolvers may have cached their absence. */
    List<String> absentText() {
        return absent.stream().map(RrsetKey::toString).toList();
    }

    boolean nothingToDo() {
        return change.isEmpty();
    }

    /** The longest TTL among the RRsets this change replaces or removes: how long caches may hold them. */
    long longestReplacedTtl() {
        return replaced.stream().mapToLong(RecordSet::ttl).max().orElse(0);
    }

    /** {@code chat.example.com. A already 198.51.100.10 (ttl 30)}, for an update with nothing to do. */
    String alreadyText() {
        return String.join(
                "; ",
                desired.stream()
                        .map(d -> d.key() + " already " + d.describeValues())
                        .toList());
    }
}
