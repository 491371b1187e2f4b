package io.drctl.adapters.dns;

import io.drctl.adapters.dns.DnsExchange.NoAnswerException;
import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A zone changed with RFC 2136 dynamic updates, signed with TSIG, read back with (signed)
 * queries to the same server — BIND, Knot, PowerDNS, Windows DNS. A change is one UPDATE
 * message: the server applies all of it or none.
 */
final class Rfc2136Provider implements DnsProvider {
    private final DnsServer server;
    private final Name zone;
    private final TSIG key;
    private final Name keyName;
    private final boolean tcpOnly;
    private final Duration timeout;

    /** {@code key} and {@code keyName} are null for unsigned updates. */
    Rfc2136Provider(DnsServer server, Name zone, TSIG key, Name keyName, boolean tcpOnly, Duration timeout) {
        this.server = server;
        this.zone = zone;
        this.key = key;
        this.keyName = keyName;
        this.tcpOnly = tcpOnly;
        this.timeout = timeout;
    }

    @Override
    public Name zone() {
        return zone;
    }

    @Override
    public String target() {
        return "rfc2136 " + server;
    }

    @Override
    public Optional<RecordSet> read(Name name, RecordType type) throws StepException, InterruptedException {
        String record = name + " " + type;
        Message response = exchange(Message.newQuery(Record.newRecord(name, type.code(), DClass.IN)), record);
        DnsAnswers.checkQuery(response, server.toString(), zone, record, keyName);
        requireAuthority(response, record);
        List<String> values = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type.code() && r.getName().equals(name)) {
                values.add(RecordType.canonical(r));
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(name, type, ttl, values));
    }

    @Override
    public void apply(ZoneChange change) throws StepException, InterruptedException {
        Update update = new Update(zone);
        for (RrsetKey gone : change.delete()) {
            update.delete(gone.name(), gone.type().code());
        }
        for (RecordSet set : change.replace()) {
            // Update.replace(Record[]) would delete the RRset before each record; delete once, then add all.
            update.delete(set.name(), set.type().code());
            for (String value : set.values()) {
                try {
                    update.add(set.type().toRecord(set.name(), set.ttl(), value, zone));
                } catch (RecordType.InvalidValueException e) {
                    throw new IllegalStateException("a canonical value did not parse: " + e.getMessage(), e);
                }
            }
        }
        String records = change.describeTargets();
        Message response = exchange(update, records);
        DnsAnswers.checkUpdate(response, server.toString(), zone, records, keyName);
    }

    @Override
    public OptionalLong serial() throws StepException, InterruptedException {
        return OptionalLong.of(readSoa().serial());
    }

    @Override
    public Optional<ZoneSoa> soa() throws StepException, InterruptedException {
        return Optional.of(readSoa());
    }

    private ZoneSoa readSoa() throws StepException, InterruptedException {
        String record = zone + " SOA";
        Message response = exchange(Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)), record);
        DnsAnswers.checkQuery(response, server.toString(), zone, record, keyName);
        requireAuthority(response, record);
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
                return ZoneSoa.of(soa);
            }
        }
        throw new SafetyGateException("reading the SOA of zone " + zone + " from " + server
                + " found none: the server does not serve this zone; not retried");
    }

    private Message exchange(Message message, String record) throws TargetUnreachableException, InterruptedException {
        try {
            return DnsExchange.send(server, message, key, tcpOnly, timeout);
        } catch (NoAnswerException e) {
            // An UPDATE sent without an answer may have been applied: unknown, never "not done".
            boolean update = message.getHeader().getOpcode() == Opcode.UPDATE;
            throw new TargetUnreachableException(
                    server.toString(),
                    "DNS server " + server + " " + e.getMessage() + " (zone " + zone + ", " + record + ")"
                            + (update && e.mayHaveArrived()
                                    ? "; the change may have been made (a resume reads the records back before writing again)"
                                    : ""));
        }
    }

    /** An answer without the AA flag comes from a server that does not hold the zone: reading it would mislead. */
    private void requireAuthority(Message response, String record) throws SafetyGateException {
        if (!response.getHeader().getFlag(Flags.AA)) {
            throw new SafetyGateException(
                    "reading " + record + " from " + server + ": the answer is not authoritative, "
                            + "so the server does not serve zone " + zone + "; not retried");
        }
    }

    @Override
    public void close() {
        // Nothing held between exchanges.
    }
}
