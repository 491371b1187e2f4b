package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One entry of a step's {@code records}: the RRset a plan wants, its name made absolute and its
 * values canonical. {@code ttl} is empty when the plan leaves it to drctl (keep the current TTL,
 * or {@value #DEFAULT_TTL} for a new RRset).
 */
record RecordRequest(Name name, RecordType type, List<String> values, OptionalLong ttl) {
    static final long DEFAULT_TTL = 300;

    RecordRequest {
        values = List.copyOf(new TreeSet<>(values)); // compared with RecordSet values, which are sorted
    }

    RrsetKey key() {
        return new RrsetKey(name, type);
    }

    /** The RRset to put in place, given the one there now (whose TTL is kept when none is asked for). */
    RecordSet desired(Optional<RecordSet> current) {
        long t = ttl.orElse(current.map(RecordSet::ttl).orElse(DEFAULT_TTL));
        return new RecordSet(name, type, t, values);
    }

    /** Reads converted {@code records} entries; throws with the entry's path on anything validation lets through. */
    static List<RecordRequest> read(List<Map<String, Object>> entries, Name zone) throws BadRecordException {
        List<RecordRequest> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String at = "records[" + i + "]";
            Name name = name(String.valueOf(e.get("name")), zone, at);
            RecordType type = RecordType.parse(String.valueOf(e.get("type")));
            List<String> values = new ArrayList<>();
            List<String> written = writtenValues(e.get("value"));
            for (int v = 0; v < written.size(); v++) {
                try {
                    values.add(type.canonical(written.get(v), zone));
                } catch (RecordType.InvalidValueException ex) {
                    throw new BadRecordException(
                            at + ".value" + (written.size() > 1 ? "[" + v + "]" : ""),
                            ex.getMessage() + " (type " + type + ")");
                }
            }
            OptionalLong ttl = e.get("ttl") instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
            out.add(new RecordRequest(name, type, values, ttl));
        }
        return out;
    }

    /** A record's name, absolute and inside the zone. */
    static Name name(String written, Name zone, String at) throws BadRecordException {
        Name name;
        try {
            name = RecordNames.absolute(written, zone);
        } catch (TextParseException e) {
            throw new BadRecordException(at + ".name", "'" + written + "' is not a valid DNS name: " + e.getMessage());
        }
        if (!RecordNames.inside(name, zone)) {
            throw new BadRecordException(
                    at + ".name",
                    name + " is not inside zone " + zone
                            + " (write names relative to the zone, e.g. chat, or absolute with a trailing dot)");
        }
        return name;
    }

    /** {@code value} is one string or a list of them. */
    static List<String> writtenValues(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** A record entry that cannot be used; {@code path} is relative to the step's {@code with}. */
    static final class BadRecordException extends Exception {
        private final String path;

        BadRecordException(String path, String message) {
            super(message);
            this.path = path;
        }

        String path() {
            return path;
        }
    }
}
