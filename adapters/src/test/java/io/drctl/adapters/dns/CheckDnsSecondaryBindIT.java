package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * check.dns against a zone served by two real BIND instances: the primary on 127.0.0.1 and a
 * secondary on 127.0.0.2 (same port), both in the zone's NS set. The secondary transfers the
 * zone only when sent a NOTIFY (the primary sends none; refresh is an hour), so after a change
 * it lags — as a secondary does whose primary burned, or whose transfers are blocked. The plan
 * names only the primary: the secondary must be found through the NS set, and its serial seen.
 */
class CheckDnsSecondaryBindIT {
    static final String ZONE = "example.test.";
    static BindServer primary;
    static BindServer secondary;

    @BeforeAll
    static void startServers() {
        primary = BindServer.primary(ZONE, """
                @      IN NS ns2
                ns2    IN A  127.0.0.2
                lag    300 IN A 192.0.2.20
                same   300 IN A 192.0.2.21
                other  300 IN A 192.0.2.22
                caught 300 IN A 192.0.2.23
                """);
        secondary = BindServer.secondary(ZONE, primary, "127.0.0.2");
    }

    @AfterAll
    static void stopServers() {
        if (secondary != null) {
            secondary.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private FakeStepContext.Builder checkDns(String name, String expect, Duration timeout) {
        return FakeStepContext.forType(new CheckDnsStepType())
                .section("dns", Map.of("public", DnsUpdateBindIT.zone(primary.address(), null)))
                .param("zone", "public")
                .param("name", name)
                .param("expect", expect)
                .param("interval", Duration.ofMillis(200))
                .timeout(timeout);
    }

    private static void setAtPrimary(String name, String value) throws Exception {
        Name zone = RecordNames.zone(ZONE);
        try (DnsProvider p = new Rfc2136Provider(
                DnsServer.parse(primary.address()),
                zone,
                new org.xbill.DNS.TSIG(
                        org.xbill.DNS.TSIG.HMAC_SHA256, Name.fromString(BindServer.KEY_NAME), primary.tsigSecret()),
                Name.fromString(BindServer.KEY_NAME),
                false,
                Duration.ofSeconds(2))) {
            p.apply(new ZoneChange(
                    List.of(),
                    List.of(new RecordSet(RecordNames.absolute(name, zone), RecordType.A, 300, List.of(value)))));
        }
    }

    /** The secondary's label in messages: found through the NS set, on the primary's port. */
    private static String secondaryLabel() {
        return secondary.address() + " (authoritative, ns2.example.test.)";
    }

    @Test
    void a_secondary_that_has_not_transferred_the_change_is_named_and_the_check_does_not_pass() throws Exception {
        setAtPrimary("lag", "198.51.100.20");
        long primarySerial = primary.serial(ZONE);
        long secondarySerial = secondary.serial(ZONE);
        assertThat(secondarySerial).isLessThan(primarySerial);
        FakeStepContext ctx =
                checkDns("lag", "198.51.100.20", Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> StepRun.run(new CheckDnsStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessage(
                        "lag.example.test. A did not converge on 198.51.100.20 before the deadline: " + secondaryLabel()
                                + " answers 192.0.2.20 (ttl 300) at SOA serial " + secondarySerial + ", behind serial "
                                + primarySerial
                                + ": it lags, not having transferred the latest change of the zone (1/2 did)");
        assertThat(ctx.output("nameservers")).isEqualTo(List.of(primary.address(), secondary.address()));
    }

    @Test
    void a_secondary_that_answers_the_right_value_from_an_older_zone_still_lags_and_is_named() throws Exception {
        setAtPrimary("other", "198.51.100.22"); // the zone moves on; "same" is unchanged everywhere
        long primarySerial = primary.serial(ZONE);
        FakeStepContext ctx =
                checkDns("same", "192.0.2.21", Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> StepRun.run(new CheckDnsStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining(secondaryLabel() + " answers 192.0.2.21 at SOA serial ")
                .hasMessageContaining(", behind serial " + primarySerial + ": it lags");
    }

    @Test
    void once_the_secondary_transfers_the_zone_every_authoritative_server_agrees_and_the_check_passes()
            throws Exception {
        setAtPrimary("caught", "198.51.100.23");
        FakeStepContext ctx =
                checkDns("caught", "198.51.100.23", Duration.ofSeconds(15)).build();
        CompletableFuture<Void> notified = CompletableFuture.runAsync(
                () -> {
                    try {
                        secondary.notifyOfChange(ZONE);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));

        StepRun.run(new CheckDnsStepType(), ctx);

        notified.join();
        @SuppressWarnings("unchecked")
        Map<String, Long> converged = (Map<String, Long>) ctx.output("convergedAfterMs");
        assertThat(converged).containsOnlyKeys(primary.address(), secondary.address());
        assertThat(converged.get(secondary.address())).isGreaterThanOrEqualTo(1000);
        assertThat(ctx.output("serial")).isEqualTo(primary.serial(ZONE));
        assertThat(ctx.progressMessages())
                .anySatisfy(m -> assertThat(m)
                        .startsWith(secondaryLabel() + " answers 198.51.100.23 at SOA serial " + primary.serial(ZONE)
                                + " after "));
    }
}
