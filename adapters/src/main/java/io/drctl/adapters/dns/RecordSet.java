package io.drctl.adapters.dns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One RRset as drctl compares and reports it: owner name (absolute), type, TTL and the values in
 * canonical form, sorted (the order of records in an RRset carries no meaning).
 */
record RecordSet(Name name, RecordType type, long ttl, List<String> values) {

    RecordSet {
        values = List.copyOf(new TreeSet<>(values));
    }

    /** Same values and same TTL: nothing to change. */
    boolean sameAs(RecordSet other) {
        return other != null && ttl == other.ttl && values.equals(other.values);
    }

    RecordSet withTtl(long newTtl) {
        return new RecordSet(name, type, newTtl, values);
    }

    RrsetKey key() {
        return new RrsetKey(name, type);
    }

    /** {@code 192.0.2.10, 192.0.2.11 (ttl 300)}. */
    String describeValues() {
        return String.join(
                        ", ",
                        values.stream()
                                .map(v -> type == RecordType.TXT ? "\"" + v + "\"" : v)
                                .toList()) + " (ttl " + ttl + ")";
    }

    /** {@code chat.example.com. A 192.0.2.10 (ttl 300)}. */
    String describe() {
        return name + " " + type + " " + describeValues();
    }

    /** As a step output: plain values the journal keeps and a failback step can read. */
    Map<String, Object> toOutput() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name.toString());
        out.put("type", type.name());
        out.put("ttl", ttl);
        out.put("values", values);
        return out;
    }

    /** The identity of an RRset as {@link #toOutput()} wrote it, or empty when it cannot be read (a record of another version). */
    static Optional<RrsetKey> keyOf(Map<?, ?> output) {
        try {
            return Optional.of(new RrsetKey(
                    Name.fromString((String) output.get("name")), RecordType.parse((String) output.get("type"))));
        } catch (RuntimeException | TextParseException e) {
            return Optional.empty();
        }
    }

    /** An RRset's identity: owner name and type. */
    record RrsetKey(Name name, RecordType type) {
        @Override
        public String toString() {
            return name + " " + type;
        }
    }
}
