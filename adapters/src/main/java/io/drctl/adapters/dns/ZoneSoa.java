package io.drctl.adapters.dns;

import io.drctl.adapters.dns.DnsExchange.NoAnswerException;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * A zone's SOA as one server answers it: the serial (which tells a lagging secondary from one
 * that has the change) and the two TTLs that bound how long resolvers cache "this name does not
 * exist" (RFC 2308 §5: the lesser of the SOA record's own TTL and its MINIMUM field).
 */
record ZoneSoa(Name zone, long serial, long ttl, long minimum) {

    /** How long a resolver may cache NXDOMAIN or "no record of this type" for a name of the zone. */
    long negativeTtl() {
        return Math.min(ttl, minimum);
    }

    /** {@code the lesser of SOA TTL 300s and SOA MINIMUM 60s, RFC 2308}: why the negative TTL is what it is. */
    String negativeTtlWhy() {
        return "the lesser of SOA TTL " + ttl + "s and SOA MINIMUM " + minimum + "s, RFC 2308";
    }

    static ZoneSoa of(SOARecord soa) {
        return new ZoneSoa(soa.getName(), soa.getSerial(), soa.getTTL(), soa.getMinimum());
    }

    /**
     * Asks {@code server} for the SOA of {@code zone} ({@code key} may be null). Throws with a
     * phrase completing "server ..." when there is no answer or the server does not serve the zone.
     */
    static ZoneSoa ask(DnsServer server, Name zone, TSIG key, Duration timeout)
            throws Unavailable, InterruptedException {
        Message response;
        try {
            response = DnsExchange.send(
                    server, Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)), key, false, timeout);
        } catch (NoAnswerException e) {
            throw new Unavailable(e.getMessage());
        }
        if (response.getRcode() != Rcode.NOERROR) {
            throw new Unavailable("answers " + Rcode.string(response.getRcode()) + " for the SOA of zone " + zone);
        }
        if (!response.getHeader().getFlag(Flags.AA)) {
            throw new Unavailable("does not answer authoritatively for zone " + zone);
        }
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
                return of(soa);
            }
        }
        throw new Unavailable("answers no SOA for zone " + zone);
    }

    /**
     * Serial number arithmetic (RFC 1982): serials wrap at 2^32, so 1 comes after 4294967295.
     * Negative when {@code a} is older than {@code b}, zero when equal, positive when newer.
     */
    static int compareSerials(long a, long b) {
        long diff = (a - b) & 0xFFFFFFFFL;
        return diff == 0 ? 0 : diff < 0x80000000L ? 1 : -1;
    }

    /** The SOA could not be read; the message completes "server ...". */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }
}
