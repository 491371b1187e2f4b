package io.drctl.adapters.dns;

import io.drctl.adapters.dns.DnsExchange.NoAnswerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * What one server answered when asked for a name: values (canonical) with their TTL, or why
 * there are none ({@code NXDOMAIN}, {@code no A record}, {@code did not answer within 2s}). An
 * observation, never an error: a resolver that still answers the old value is what check.dns
 * waits out.
 */
record ResolverAnswer(List<String> values, long ttl, String problem) {

    static ResolverAnswer ask(DnsServer server, Name name, RecordType type, Duration timeout)
            throws InterruptedException {
        Message query = Message.newQuery(Record.newRecord(name, type.code(), DClass.IN));
        Message response;
        try {
            response = DnsExchange.send(server, query, null, false, timeout);
        } catch (NoAnswerException e) {
            return new ResolverAnswer(List.of(), 0, e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            return new ResolverAnswer(List.of(), 0, "answers " + Rcode.string(rcode));
        }
        List<String> values = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            // A resolver follows CNAMEs: an address at the end of the chain is the name's address.
            boolean ours = r.getType() == type.code()
                    && (type != RecordType.CNAME || r.getName().equals(name));
            if (ours) {
                values.add(RecordType.canonical(r));
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (values.isEmpty()) {
            return new ResolverAnswer(List.of(), 0, "answers no " + type + " record");
        }
        return new ResolverAnswer(List.copyOf(new TreeSet<>(values)), ttl, null);
    }

    boolean matches(List<String> expected) {
        return problem == null && values.equals(expected);
    }

    /** The answer with its TTL left out, which counts down at a caching resolver while the answer stays the same. */
    String withoutTtl() {
        return problem != null ? problem : String.join(", ", values);
    }

    /** {@code answers 192.0.2.10 (ttl 27)}, {@code answers NXDOMAIN}, {@code did not answer within 2s}. */
    String describe() {
        return problem != null ? problem : "answers " + String.join(", ", values) + " (ttl " + ttl + ")";
    }
}
