package io.drctl.adapters.dns;

import io.drctl.adapters.dns.CheckDnsStep.Server;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The parameters of a {@code check.dns}, read from its context: what to resolve, what to
 * expect, and whom to ask — the zone's configured server and its NS set ({@link #servers}),
 * further {@code nameservers}, and {@code resolvers}.
 */
record CheckDnsSettings(
        Name name,
        RecordType type,
        List<String> expected,
        Name zone,
        Optional<DnsServer> configured,
        List<DnsServer> nameservers,
        List<DnsServer> resolvers,
        Duration interval,
        Duration queryTimeout,
        int consecutive,
        OptionalLong requiredSerial) {

    /** The servers to ask, and why the zone's NS set is not among them when it could not be read. */
    record Servers(List<Server> all, Optional<String> problem) {}

    /** What the plan names, before the NS set is read. */
    List<Server> knownServers() {
        List<Server> out = new ArrayList<>();
        configured.ifPresent(c -> out.add(new Server(c, true, null)));
        nameservers.forEach(n -> addOnce(out, new Server(n, true, null)));
        resolvers.forEach(r -> out.add(new Server(r, false, null)));
        return out;
    }

    /**
     * Every server to ask: the configured authoritative server's NS set resolved (the configured
     * server among them, or added), {@code nameservers}, then the resolvers.
     */
    Servers servers(Duration timeout) throws InterruptedException {
        if (configured.isEmpty()) {
            return new Servers(knownServers(), Optional.empty());
        }
        List<Server> out = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        try {
            for (NameserverSet.Nameserver ns : NameserverSet.read(configured.get(), zone, timeout)) {
                addOnce(out, new Server(ns.address(), true, ns.nsName()));
            }
        } catch (ZoneSoa.Unavailable e) {
            problem = Optional.of("the NS set of zone " + zone + " could not be read: server " + configured.get() + " "
                    + e.getMessage());
        }
        addOnce(out, new Server(configured.get(), true, null));
        nameservers.forEach(n -> addOnce(out, new Server(n, true, null)));
        resolvers.forEach(r -> out.add(new Server(r, false, null)));
        return new Servers(out, problem);
    }

    private static void addOnce(List<Server> servers, Server server) {
        if (servers.stream().noneMatch(s -> s.authoritative() && s.address().equals(server.address()))) {
            servers.add(server);
        }
    }

    /** {@code will resolve chat.example.com. A at ... until all answer 198.51.100.10, ...}. */
    String goal(List<Server> servers) {
        boolean anyAuthoritative = servers.stream().anyMatch(Server::authoritative);
        boolean anyResolver = servers.stream().anyMatch(s -> !s.authoritative());
        return "will resolve " + name + " " + type + " at "
                + String.join(", ", servers.stream().map(Server::label).toList())
                + " until all answer " + String.join(", ", expected)
                + (anyAuthoritative ? ", the authoritative servers at one SOA serial" : "")
                + (anyResolver && consecutive > 1 ? ", each resolver " + consecutive + " times in a row" : "");
    }

    static CheckDnsSettings of(StepContext ctx) throws StepFailedException {
        Params p = ctx.params();
        Optional<String> zoneKey = p.optionalString("zone");
        Name zone = zoneKey.isPresent() ? DnsStepSettings.zoneName(ctx, zoneKey.get()) : null;
        RecordType type = RecordType.parse(p.optionalString("type").orElse("A"));
        Name name;
        try {
            name = CheckDnsStepType.absolute(p.string("name"), zone);
        } catch (TextParseException e) {
            throw new StepFailedException("name: '" + p.string("name") + "' is not a valid DNS name");
        }
        List<String> expected = new ArrayList<>();
        for (String v : RecordRequest.writtenValues(p.raw().get("expect"))) {
            try {
                expected.add(type.canonical(v, zone != null ? zone : Name.root));
            } catch (RecordType.InvalidValueException e) {
                throw new StepFailedException("expect: " + e.getMessage());
            }
        }
        boolean authoritative = zoneKey.isPresent() && p.bool("authoritative", true);
        Optional<DnsServer> configured = Optional.empty();
        if (authoritative) {
            configured = Optional.of(DnsZones.nameserverOf(ctx.plan(), zoneKey.get())
                    .orElseThrow(() ->
                            new StepFailedException("spec.dns." + zoneKey.get() + " names no nameserver to ask")));
        }
        List<DnsServer> nameservers = new ArrayList<>();
        for (String n : p.strings("nameservers")) {
            nameservers.add(DnsServer.parse(n));
        }
        List<DnsServer> resolvers = new ArrayList<>();
        for (String r : p.strings("resolvers")) {
            resolvers.add(DnsServer.parse(r));
        }
        return new CheckDnsSettings(
                name,
                type,
                List.copyOf(new TreeSet<>(expected)),
                zone,
                configured,
                nameservers,
                resolvers,
                p.duration("interval", CheckDnsStepType.DEFAULT_INTERVAL),
                p.duration("queryTimeout", CheckDnsStepType.DEFAULT_QUERY_TIMEOUT),
                (int) p.integer("consecutive", CheckDnsStepType.DEFAULT_CONSECUTIVE),
                zoneKey.isPresent() ? serialSetInThisRun(ctx, zoneKey.get()) : OptionalLong.empty());
    }

    /** The newest SOA serial a dns.update of this run recorded for the zone: no authoritative server may be behind it. */
    private static OptionalLong serialSetInThisRun(StepContext ctx, String zoneKey) {
        OptionalLong newest = OptionalLong.empty();
        for (StepDefinition step : ctx.plan().steps()) {
            if (DnsUpdateStepType.NAME.equals(step.type())
                    && zoneKey.equals(step.with().get("zone"))
                    && ctx.outputsOf(step.id()).get("serial") instanceof Number serial
                    && (newest.isEmpty() || ZoneSoa.compareSerials(serial.longValue(), newest.getAsLong()) > 0)) {
                newest = OptionalLong.of(serial.longValue());
            }
        }
        return newest;
    }
}
