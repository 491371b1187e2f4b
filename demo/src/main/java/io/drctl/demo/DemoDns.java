package io.drctl.demo;

import io.drctl.servers.BindServer;
import io.drctl.servers.ServerBinaries;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's DNS. Where BIND is installed ({@code named}), a real BIND 9 on a loopback port is
 * the authoritative server of {@code example.io.}: the demo plan's {@code reroute-dns} sends it an
 * RFC 2136 update signed with TSIG, and a {@code check.dns} step proves the new answer. Elsewhere
 * (or with {@code DRCTL_DEMO_BIND=off}) the plan keeps its ExternalDNS zone: a DNSEndpoint in
 * gasan's sandbox, which nothing publishes, so there is nothing to resolve.
 */
final class DemoDns implements AutoCloseable {
    static final String ZONE = "example.io.";
    /** The plan's TSIG secret comes from this variable, as the database password does. */
    static final String TSIG_VARIABLE = "DRCTL_DEMO_TSIG_SECRET";
    /** What users resolve before the failover: pangyo's addresses. */
    static final String PANGYO_RECORD = "chat 30 IN A 192.0.2.10";

    /** The example plan's ExternalDNS zone, replaced when BIND runs. */
    private static final Pattern EXTERNALDNS_ZONE =
            Pattern.compile("(?m)^    public:\\n      provider: externaldns\\n(?:      .*\\n)*?      timeout: 5s\\n");

    private final BindServer bind;
    private final String description;

    private DemoDns(BindServer bind, String description) {
        this.bind = bind;
        this.description = description;
    }

    /** Starts BIND when {@code wanted} and installed; otherwise says why the plan keeps ExternalDNS. */
    static DemoDns start(boolean wanted) {
        if (!wanted) {
            return new DemoDns(
                    null, "ExternalDNS records in gasan's sandbox (BIND turned off with DRCTL_DEMO_BIND=off)");
        }
        if (ServerBinaries.find("named").isEmpty()) {
            return new DemoDns(
                    null,
                    "ExternalDNS records in gasan's sandbox (named is not installed; with Debian's bind9 the demo runs"
                            + " a real BIND and proves the switch with check.dns)");
        }
        BindServer bind;
        try {
            bind = BindServer.primary(ZONE, PANGYO_RECORD);
        } catch (RuntimeException e) {
            // The demo is about the failover, not about this machine's BIND: say why, and go on without it.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new DemoDns(
                    null, "ExternalDNS records in gasan's sandbox (BIND is installed but did not start: " + why + ")");
        }
        return new DemoDns(bind, "BIND 9 at " + bind.address() + ", authoritative for " + ZONE + " (RFC 2136 + TSIG)");
    }

    /** One line for the demo's start: which DNS the plan switches. */
    String description() {
        return description;
    }

    /** Variables the plan's DNS needs (the TSIG secret), none for ExternalDNS. */
    Map<String, String> environment() {
        return bind == null ? Map.of() : Map.of(TSIG_VARIABLE, bind.tsigSecret());
    }

    /** The demo plan, its DNS zone pointed at BIND and the switch proved with check.dns; unchanged without BIND. */
    String rewrite(String plan) {
        if (bind == null) {
            return plan;
        }
        Matcher zone = EXTERNALDNS_ZONE.matcher(plan);
        if (!zone.find()) {
            throw new IllegalStateException("the demo plan's ExternalDNS zone 'public' is not where the demo"
                    + " expects it: DemoDns and plans/examples/demo-failover.yaml disagree");
        }
        String rfc2136 = """
                    public:
                      provider: rfc2136
                      zone: %s
                      server: "%s"
                      tsig: { name: %s, algorithm: hmac-sha256, secret: "${env:%s}" }
                      timeout: 5s
                """.formatted(ZONE, bind.address(), BindServer.KEY_NAME, TSIG_VARIABLE);
        String proof = """

                    - id: prove-dns
                      type: check.dns
                      needs: [reroute-dns]
                      description: Every authoritative server of example.io answers gasan's addresses for chat
                      timeout: 1m
                      with:
                        zone: public
                        name: chat
                        type: A
                        expect: [198.51.100.10, 198.51.100.11]
                        consecutive: 1
                        interval: 200ms
                """;
        String rewritten = plan.substring(0, zone.start()) + rfc2136 + plan.substring(zone.end());
        return rewritten.stripTrailing() + "\n" + proof;
    }

    @Override
    public void close() {
        if (bind != null) {
            bind.close();
        }
    }
}
