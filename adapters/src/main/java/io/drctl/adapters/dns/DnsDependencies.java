package io.drctl.adapters.dns;

import io.drctl.adapters.net.TcpReach;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.spi.DependencyFinder;
import io.drctl.engine.spi.StepFailedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The DNS servers and APIs of spec.dns: the rfc2136 server, the PowerDNS API, and the zone's
 * authoritative nameserver, asked for the zone's SOA (a question, never a change). An
 * externaldns zone's API server is its site's, found by the Kubernetes finder.
 */
public final class DnsDependencies implements DependencyFinder {
    @Override
    public List<Dependency> find(Plan plan, Map<String, String> environment) {
        List<Dependency> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : DnsZones.all(plan).entrySet()) {
            String zoneKey = e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                continue;
            }
            Optional<Name> zone = DnsZones.zoneOf(plan, zoneKey);
            Duration timeout = entry.get("timeout") instanceof Duration d ? d : DnsSection.DEFAULT_TIMEOUT;
            String usedBy = String.join(
                    ", ",
                    plan.steps().stream()
                            .filter(s -> zoneKey.equals(s.with().get("zone")))
                            .map(StepDefinition::id)
                            .toList());
            String users = usedBy.isEmpty() ? "spec.dns." + zoneKey : usedBy;
            Optional<String> site = entry.get("site") instanceof String s ? Optional.of(s) : Optional.empty();
            DnsZones.nameserverOf(plan, zoneKey)
                    .ifPresent(server -> out.add(new Dependency(
                            "dns",
                            "zone " + zone.map(Name::toString).orElse(zoneKey) + " at " + server,
                            site,
                            Optional.of(server.host()),
                            users,
                            () -> soa(server, zone, timeout))));
            if (entry.get("apiUrl") instanceof String api) {
                apiHost(api)
                        .ifPresent(hostPort -> out.add(new Dependency(
                                "dns",
                                "PowerDNS API of " + zoneKey + " (" + api + ")",
                                Optional.empty(),
                                Optional.of(hostPort.host()),
                                users,
                                () -> TcpReach.ask(hostPort.host(), hostPort.port(), timeout))));
            }
        }
        for (StepDefinition step : plan.steps()) {
            if (DnsUpdateStepType.NAME.equals(step.type())
                    && step.with().get("ttlLoweredIn") instanceof String run
                    && step.with().get("zone") instanceof String zoneKey) {
                Optional<Name> zone = DnsZones.zoneOf(plan, zoneKey);
                out.add(new Dependency(
                        "state",
                        "preparation run " + run + " (ttlLoweredIn)",
                        Optional.empty(),
                        Optional.empty(),
                        step.id(),
                        () -> preparationRun(environment, run, zone)));
            }
        }
        return out;
    }

    /**
     * Whether the run a dns.update names as its preparation run is in this state directory and
     * readable, and what it lowered in the zone. Which records the step will replace is known
     * only when it runs (it reads the zone then), so that check is left to the step.
     */
    private static Dependency.Answer preparationRun(Map<String, String> environment, String run, Optional<Name> zone) {
        if (zone.isEmpty()) {
            return Dependency.Answer.misconfigured("the zone's name does not parse");
        }
        try {
            List<TtlHistory.Lowering> lowered = PreparationRun.lowerings(environment, run, zone.get(), List.of());
            return lowered.isEmpty()
                    ? Dependency.Answer.misconfigured("run " + run + " lowered no TTL in zone " + zone.get())
                    : Dependency.Answer.answers("lowered "
                            + String.join(
                                    ", ",
                                    lowered.stream()
                                            .map(l -> l.key() + " from ttl " + l.previousTtl() + "s")
                                            .toList()));
        } catch (StepFailedException e) {
            return Dependency.Answer.misconfigured(e.getMessage());
        }
    }

    private static Dependency.Answer soa(DnsServer server, Optional<Name> zone, Duration timeout)
            throws InterruptedException {
        if (zone.isEmpty()) {
            return Dependency.Answer.misconfigured("the zone's name does not parse");
        }
        try {
            ZoneSoa soa = ZoneSoa.ask(server, zone.get(), null, timeout);
            return Dependency.Answer.answers("serves zone " + zone.get() + " (SOA serial " + soa.serial() + ")");
        } catch (ZoneSoa.Unavailable e) {
            return Dependency.Answer.unreachable("server " + server + " " + e.getMessage());
        }
    }

    private record HostPort(String host, int port) {}

    private static Optional<HostPort> apiHost(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return Optional.of(new HostPort(uri.getHost(), port));
        } catch (URISyntaxException e) {
            return Optional.empty(); // a secret reference: resolved only when the step runs
        }
    }
}
