package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import io.drctl.servers.LoopbackPorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * check.dns against a real BIND primary and a real BIND caching resolver in front of it: after a
 * change the primary answers the new value at once, the resolver only once its cached answer's
 * TTL has run out — the convergence the step measures.
 */
class CheckDnsBindIT {
    static final String ZONE = "example.test.";
    static BindServer primary;
    static BindServer resolver;

    @BeforeAll
    static void startServers() {
        primary = BindServer.primary(ZONE, """
                conv   4   IN A  192.0.2.10
                stale  300 IN A  192.0.2.11
                both   300 IN A  192.0.2.12
                both   300 IN A  192.0.2.13
                """);
        resolver = BindServer.cachingResolver(ZONE, primary);
    }

    @AfterAll
    static void stopServers() {
        if (resolver != null) {
            resolver.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private FakeStepContext.Builder checkDns(String name, Object expect, Duration timeout) {
        return FakeStepContext.forType(new CheckDnsStepType())
                .section("dns", Map.of("public", DnsUpdateBindIT.zone(primary.address(), null)))
                .param("zone", "public")
                .param("name", name)
                .param("expect", expect)
                .param("resolvers", List.of(resolver.address()))
                .param("interval", Duration.ofMillis(200))
                .timeout(timeout);
    }

    private static void setAtPrimary(String name, String value, long ttl) throws Exception {
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
                    List.of(new RecordSet(RecordNames.absolute(name, zone), RecordType.A, ttl, List.of(value)))));
        }
    }

    private static String askResolver(String name) throws Exception {
        return ResolverAnswer.ask(
                        DnsServer.parse(resolver.address()),
                        RecordNames.absolute(name, RecordNames.zone(ZONE)),
                        RecordType.A,
                        Duration.ofSeconds(2))
                .describe();
    }

    @Test
    void verify_waits_until_the_resolver_cache_expires_and_reports_time_to_converge_per_server() throws Exception {
        assertThat(askResolver("conv"))
                .startsWith("answers 192.0.2.10"); // the resolver now caches the old answer for 4s
        setAtPrimary("conv", "198.51.100.10", 4);
        FakeStepContext ctx =
                checkDns("conv", "198.51.100.10", Duration.ofSeconds(20)).build();

        CheckResult check = StepRun.run(new CheckDnsStepType(), ctx);

        assertThat(check.summary())
                .startsWith("will resolve conv.example.test. A at " + primary.address()
                        + " (authoritative, ns1.example.test.), " + resolver.address()
                        + " until all answer 198.51.100.10, the "
                        + "authoritative servers at one SOA serial, each resolver 3 times in a row (now: 1/2 do; "
                        + resolver.address()
                        + " answers 192.0.2.10 (ttl ");
        @SuppressWarnings("unchecked")
        Map<String, Long> converged = (Map<String, Long>) ctx.output("convergedAfterMs");
        assertThat(converged).containsOnlyKeys(primary.address(), resolver.address());
        assertThat(converged.get(primary.address())).isLessThan(1000);
        assertThat(converged.get(resolver.address())).isGreaterThan(1000).isLessThan(6000);
        assertThat(ctx.output("authoritative")).isEqualTo(primary.address());
        assertThat(ctx.progressMessages())
                .anySatisfy(m -> assertThat(m)
                        .startsWith(resolver.address() + " answers 198.51.100.10 after ")
                        .endsWith(" (3 times in a row)"));
    }

    @Test
    void a_resolver_that_keeps_the_old_answer_fails_verify_naming_it_and_what_it_answers() throws Exception {
        assertThat(askResolver("stale")).startsWith("answers 192.0.2.11");
        setAtPrimary("stale", "198.51.100.11", 300);
        FakeStepContext ctx =
                checkDns("stale", "198.51.100.11", Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> StepRun.run(new CheckDnsStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageMatching(
                        "stale\\.example\\.test\\. A did not converge on 198\\.51\\.100\\.11 before the deadline: "
                                + resolver.address().replace(".", "\\.")
                                + " answers 192\\.0\\.2\\.11 \\(ttl \\d+\\) \\(1/2 did\\)");
        @SuppressWarnings("unchecked")
        Map<String, Long> converged = (Map<String, Long>) ctx.output("convergedAfterMs");
        assertThat(converged).containsOnlyKeys(primary.address());
    }

    @Test
    void a_resolver_must_answer_right_the_configured_number_of_times_in_a_row() throws Exception {
        FakeStepContext ctx = checkDns("both", List.of("192.0.2.12", "192.0.2.13"), Duration.ofMillis(2500))
                .param("consecutive", 5L)
                .param("interval", Duration.ofSeconds(1))
                .build();

        assertThatThrownBy(() -> StepRun.run(new CheckDnsStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageMatching(
                        "both\\.example\\.test\\. A did not converge on 192\\.0\\.2\\.12, 192\\.0\\.2\\.13 before the "
                                + "deadline: " + resolver.address().replace(".", "\\.")
                                + " answers 192\\.0\\.2\\.12, 192\\.0\\.2\\.13 "
                                + "\\(ttl \\d+\\) \\(right [23] of 5 times in a row\\) \\(1/2 did\\)");
    }

    @Test
    void several_values_match_in_any_order() throws Exception {
        FakeStepContext ctx = checkDns("both", List.of("192.0.2.13", "192.0.2.12"), Duration.ofSeconds(10))
                .build();

        StepRun.run(new CheckDnsStepType(), ctx);

        assertThat(ctx.outputs()).containsKey("convergedAfterMs");
    }

    @Test
    void a_resolver_that_does_not_answer_is_an_observation_until_the_deadline() throws Exception {
        String dead = "127.0.0.1:" + LoopbackPorts.freeTcpAndUdp();
        FakeStepContext ctx = checkDns("both", List.of("192.0.2.12", "192.0.2.13"), Duration.ofSeconds(3))
                .param("resolvers", List.of(dead))
                .param("queryTimeout", Duration.ofMillis(500))
                .build();

        assertThatThrownBy(() -> StepRun.run(new CheckDnsStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining(dead + " ")
                .hasMessageEndingWith("(1/2 did)");
    }
}
