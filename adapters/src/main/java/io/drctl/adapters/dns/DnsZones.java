package io.drctl.adapters.dns;

import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** Finds the entries of {@code spec.dns} and opens the provider of one, secrets resolved only then. */
final class DnsZones {
    private DnsZones() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> all(Plan plan) {
        return plan.<Map<String, Object>>section(DnsSection.NAME).orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> entry(Plan plan, String name) {
        return all(plan).get(name) instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
    }

    /** For messages: {@code (spec.dns has: internal, public)} or {@code (the plan has no spec.dns)}. */
    static String known(Plan plan) {
        return all(plan).isEmpty()
                ? "(the plan has no spec.dns)"
                : "(spec.dns has: " + String.join(", ", new TreeSet<>(all(plan).keySet())) + ")";
    }

    /** The zone an entry names, read without contacting anything. */
    static Optional<Name> zoneOf(Plan plan, String name) {
        return entry(plan, name)
                .map(e -> e.get("zone"))
                .filter(String.class::isInstance)
                .flatMap(z -> {
                    try {
                        return Optional.of(RecordNames.zone((String) z));
                    } catch (TextParseException e) {
                        return Optional.empty();
                    }
                });
    }

    /** The DNS server that answers authoritatively for the zone, if the entry names one (check.dns asks it). */
    static Optional<DnsServer> nameserverOf(Plan plan, String name) {
        Optional<Map<String, Object>> entry = entry(plan, name);
        return entry.flatMap(e -> ProviderKind.of(e.get("provider")))
                .flatMap(kind -> kind.nameserverField().map(f -> entry.get().get(f)))
                .filter(String.class::isInstance)
                .flatMap(s -> DnsServer.tryParse((String) s));
    }

    /**
     * The zone's SOA: from the provider where it can read it, else from the entry's
     * {@code nameserver}; {@link ZoneSoa.Unavailable} says why neither could.
     */
    static ZoneSoa soa(StepContext ctx, DnsProvider provider, String name)
            throws ZoneSoa.Unavailable, StepException, InterruptedException {
        Optional<ZoneSoa> own = provider.soa();
        if (own.isPresent()) {
            return own.get();
        }
        DnsServer nameserver = nameserverOf(ctx.plan(), name)
                .orElseThrow(() -> new ZoneSoa.Unavailable(
                        provider.target() + " cannot tell it and spec.dns." + name + " names no nameserver to ask"));
        try {
            return ZoneSoa.ask(
                    nameserver,
                    provider.zone(),
                    null,
                    ctx.paramsOf(entry(ctx.plan(), name).orElseThrow())
                            .duration("timeout", DnsSection.DEFAULT_TIMEOUT));
        } catch (ZoneSoa.Unavailable e) {
            throw new ZoneSoa.Unavailable("nameserver " + nameserver + " " + e.getMessage());
        }
    }

    /** The provider of {@code spec.dns.<name>}; close it after use. */
    static DnsProvider open(StepContext ctx, String name) throws StepFailedException {
        Map<String, Object> entry = entry(ctx.plan(), name)
                .orElseThrow(
                        () -> new StepFailedException("zone '" + name + "' is not in spec.dns " + known(ctx.plan())));
        Params p = ctx.paramsOf(entry);
        ProviderKind kind = ProviderKind.of(entry.get("provider"))
                .orElseThrow(() -> new StepFailedException("spec.dns." + name + " has no valid provider"));
        Name zone = parse(p.string("zone"), name);
        Duration timeout = p.duration("timeout", DnsSection.DEFAULT_TIMEOUT);
        return switch (kind) {
            case RFC2136 -> rfc2136(p, name, zone, timeout);
            case POWERDNS ->
                new PowerDnsProvider(
                        URI.create(p.string("apiUrl")),
                        p.optionalString("serverId").orElse(DnsSection.DEFAULT_SERVER_ID),
                        zone,
                        p.string("apiKey"),
                        timeout);
            case EXTERNALDNS -> externalDns(ctx, p, name, zone, timeout);
        };
    }

    /** The DNSEndpoint in the site's cluster, reached with the run's shared client of that site. */
    private static DnsProvider externalDns(StepContext ctx, Params p, String name, Name zone, Duration timeout)
            throws StepFailedException {
        String site = p.string("site");
        Cluster cluster = Cluster.of(ctx, site);
        ExternalDnsProvider.Endpoint endpoint = new ExternalDnsProvider.Endpoint(
                site,
                p.optionalString("namespace").orElse(cluster.settings().defaultNamespace()),
                p.optionalString("dnsEndpoint").orElse(defaultEndpointName(name)),
                p.stringMap("labels"),
                p.integer("defaultTtl", DnsSection.DEFAULT_EXTERNALDNS_TTL),
                p.duration("publishDelay", DnsSection.DEFAULT_PUBLISH_DELAY));
        return new ExternalDnsProvider(cluster, endpoint, zone, timeout);
    }

    /** {@code drctl-public} for {@code spec.dns.public}; keys may hold '_', which object names may not. */
    static String defaultEndpointName(String key) {
        return "drctl-" + key.replace('_', '-');
    }

    private static DnsProvider rfc2136(Params p, String name, Name zone, Duration timeout) throws StepFailedException {
        DnsServer server = DnsServer.parse(p.string("server"));
        Optional<Params> tsig = p.object("tsig");
        if (tsig.isEmpty()) {
            return new Rfc2136Provider(server, zone, null, null, p.bool("tcp", false), timeout);
        }
        Name keyName = parse(tsig.get().string("name"), name);
        String algorithm = tsig.get().optionalString("algorithm").orElse(DnsSection.DEFAULT_ALGORITHM);
        String secret = tsig.get().string("secret").strip();
        try {
            Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new StepFailedException("the TSIG secret of spec.dns." + name + " is not base64 (as dnssec-keygen "
                    + "and tsig-keygen write it)");
        }
        TSIG key = new TSIG(TSIG.algorithmToName(algorithm), keyName, secret);
        return new Rfc2136Provider(server, zone, key, keyName, p.bool("tcp", false), timeout);
    }

    private static Name parse(String written, String entry) throws StepFailedException {
        try {
            return RecordNames.zone(written);
        } catch (TextParseException e) {
            throw new StepFailedException("spec.dns." + entry + ": '" + written + "' is not a valid DNS name");
        }
    }
}
