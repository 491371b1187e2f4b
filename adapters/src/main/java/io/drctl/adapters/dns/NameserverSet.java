package io.drctl.adapters.dns;

import io.drctl.adapters.dns.DnsExchange.NoAnswerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The servers that answer for a zone, as the zone itself says: the NS RRset read from the
 * configured authoritative server, each name resolved to addresses (glue in the answer, else an
 * address record in the zone asked of the same server, else the host's own resolver when the
 * query is sent). Every one is asked on the configured server's port — 53 in production; tests
 * put several servers on loopback addresses with one high port.
 */
final class NameserverSet {
    /** One authoritative server: where to ask it, and the NS name it was found under (null when configured by hand). */
    record Nameserver(DnsServer address, Name nsName) {}

    private NameserverSet() {}

    /** Reads and resolves the NS set of {@code zone} from {@code configured}; the message completes "server ...". */
    static List<Nameserver> read(DnsServer configured, Name zone, Duration timeout)
            throws ZoneSoa.Unavailable, InterruptedException {
        Message response = ask(configured, zone, Type.NS, timeout);
        if (response.getRcode() != Rcode.NOERROR || !response.getHeader().getFlag(Flags.AA)) {
            throw new ZoneSoa.Unavailable("does not answer the NS set of zone " + zone + " authoritatively ("
                    + Rcode.string(response.getRcode()) + ")");
        }
        Map<Name, List<String>> glue = addresses(response.getSection(Section.ADDITIONAL));
        List<Nameserver> out = new ArrayList<>();
        // Servers rotate the order of an RRset: sorted, the same zone gives the same list and messages every time.
        List<Name> targets = response.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof NSRecord ns && ns.getName().equals(zone))
                .map(r -> ((NSRecord) r).getTarget())
                .distinct()
                .sorted()
                .toList();
        for (Name target : targets) {
            List<String> found = glue.getOrDefault(target, List.of());
            if (found.isEmpty() && target.subdomain(zone)) {
                found = inZoneAddresses(configured, target, timeout);
            }
            if (found.isEmpty()) {
                // Out of the zone and no glue: the host's resolver finds it when the server is asked (or says it
                // cannot).
                String host = target.toString(true);
                out.add(new Nameserver(new DnsServer(host, configured.port()), target));
            }
            for (String address : found.stream().sorted().toList()) {
                out.add(new Nameserver(new DnsServer(address, configured.port()), target));
            }
        }
        if (out.isEmpty()) {
            throw new ZoneSoa.Unavailable("answers no NS record for zone " + zone);
        }
        return out;
    }

    private static List<String> inZoneAddresses(DnsServer server, Name target, Duration timeout)
            throws ZoneSoa.Unavailable, InterruptedException {
        List<String> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            out.addAll(addresses(ask(server, target, type, timeout).getSection(Section.ANSWER))
                    .getOrDefault(target, List.of()));
        }
        return out;
    }

    private static Map<Name, List<String>> addresses(List<Record> records) {
        Map<Name, List<String>> out = new LinkedHashMap<>();
        for (Record r : records) {
            if (r instanceof ARecord a) {
                out.computeIfAbsent(a.getName(), n -> new ArrayList<>())
                        .add(a.getAddress().getHostAddress());
            } else if (r instanceof AAAARecord aaaa) {
                out.computeIfAbsent(aaaa.getName(), n -> new ArrayList<>())
                        .add(aaaa.getAddress().getHostAddress());
            }
        }
        return out;
    }

    private static Message ask(DnsServer server, Name name, int type, Duration timeout)
            throws ZoneSoa.Unavailable, InterruptedException {
        try {
            return DnsExchange.send(
                    server, Message.newQuery(Record.newRecord(name, type, DClass.IN)), null, false, timeout);
        } catch (NoAnswerException e) {
            throw new ZoneSoa.Unavailable(e.getMessage());
        }
    }
}
