package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.testing.PowerDnsServer;
import io.drctl.adapters.testing.PowerDnsServer.Rrset;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import io.drctl.servers.LoopbackPorts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dns.update, dns.ttl and check.dns against a real PowerDNS through its HTTP API. */
class PowerDnsIT {
    static final String ZONE = "example.test.";
    static PowerDnsServer pdns;
    static BindServer resolver;

    @BeforeAll
    static void startServers() {
        pdns = PowerDnsServer.start();
        pdns.createZone(
                ZONE,
                Rrset.of("chat", "A", 60, "192.0.2.10"),
                Rrset.of("www", "A", 300, "192.0.2.20"),
                Rrset.of("www", "TXT", 300, "\"site a\""),
                Rrset.of("idem", "A", 300, "192.0.2.30"),
                Rrset.of("ttl", "A", 3600, "192.0.2.40"),
                Rrset.of("wait", "A", 2, "192.0.2.50"),
                Rrset.of("conv", "A", 4, "192.0.2.60"));
        resolver = BindServer.cachingResolver(ZONE, "127.0.0.1", pdns.dnsPort());
    }

    @AfterAll
    static void stopServers() {
        if (resolver != null) {
            resolver.close();
        }
        if (pdns != null) {
            pdns.close();
        }
    }

    static Map<String, Object> zone(String apiUrl, String keyReference) {
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("provider", "powerdns");
        z.put("zone", ZONE);
        z.put("apiUrl", apiUrl);
        z.put("apiKey", keyReference);
        z.put("nameserver", pdns.dnsAddress());
        z.put("timeout", Duration.ofSeconds(2));
        return z;
    }

    private FakeStepContext.Builder update(Map<String, Object> zoneEntry, List<Map<String, Object>> records) {
        return FakeStepContext.forType(new DnsUpdateStepType())
                .section("dns", Map.of("public", zoneEntry))
                .env("PDNS_KEY", pdns.apiKey())
                .param("zone", "public")
                .param("records", records)
                .temporaryRunDirectory()
                .deadlineIn(Duration.ofSeconds(30));
    }

    private FakeStepContext.Builder update(List<Map<String, Object>> records) {
        return update(zone(pdns.apiUrl(), "${env:PDNS_KEY}"), records);
    }

    private static Map<String, Object> record(String name, String type, Object value, long ttl) {
        return Map.of("name", name, "type", type, "value", value, "ttl", ttl);
    }

    private long serial() throws Exception {
        try (DnsProvider p = new PowerDnsProvider(
                java.net.URI.create(pdns.apiUrl()),
                "localhost",
                RecordNames.zone(ZONE),
                pdns.apiKey(),
                Duration.ofSeconds(2))) {
            return p.serial().orElseThrow();
        }
    }

    @Test
    void switching_an_address_shows_current_to_desired_changes_it_and_bumps_the_serial() throws Exception {
        long before = serial();
        FakeStepContext ctx =
                update(List.of(record("chat", "A", "198.51.100.10", 30))).build();

        CheckResult check = StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(((CheckResult.WillChange) check).changes())
                .containsExactly("chat.example.test. A: 192.0.2.10 (ttl 60) → 198.51.100.10 (ttl 30)");
        assertThat(check.summary())
                .isEqualTo("will change 1 RRset in zone example.test. through powerdns " + pdns.apiUrl());
        assertThat(ctx.output("previous"))
                .isEqualTo(List.of(Map.of(
                        "name", "chat.example.test.", "type", "A", "ttl", 60L, "values", List.of("192.0.2.10"))));
        assertThat((Long) ctx.output("serial")).isGreaterThan(before);
        assertThat(ResolverAnswer.ask(
                                DnsServer.parse(pdns.dnsAddress()),
                                RecordNames.absolute("chat", RecordNames.zone(ZONE)),
                                RecordType.A,
                                Duration.ofSeconds(2))
                        .describe())
                .isEqualTo("answers 198.51.100.10 (ttl 30)");
    }

    @Test
    void a_cname_replaces_the_address_and_text_records_in_one_patch() throws Exception {
        FakeStepContext ctx =
                update(List.of(record("www", "CNAME", "www.site-b", 120))).build();

        CheckResult check = StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(((CheckResult.WillChange) check).changes())
                .containsExactly(
                        "www.example.test. CNAME: (none) → www.site-b.example.test. (ttl 120)",
                        "www.example.test. A: 192.0.2.20 (ttl 300) → (removed: a CNAME cannot share its name)",
                        "www.example.test. TXT: \"site a\" (ttl 300) → (removed: a CNAME cannot share its name)");
    }

    @Test
    void running_the_same_update_again_is_already_done_and_keeps_the_serial() throws Exception {
        StepRun.run(
                new DnsUpdateStepType(),
                update(List.of(record("idem", "TXT", "failover to gasan", 30))).build());
        long afterFirst = serial();

        FakeStepContext second =
                update(List.of(record("idem", "TXT", "failover to gasan", 30))).build();
        CheckResult check = StepRun.run(new DnsUpdateStepType(), second);

        assertThat(check).isInstanceOf(CheckResult.AlreadyDone.class);
        assertThat(check.summary()).isEqualTo("idem.example.test. TXT already \"failover to gasan\" (ttl 30)");
        assertThat(serial()).isEqualTo(afterFirst);
    }

    @Test
    void a_wrong_api_key_is_a_clear_401_that_is_not_retried_and_never_shows_the_key() throws Exception {
        FakeStepContext ctx = update(
                        zone(pdns.apiUrl(), "${env:WRONG}"), List.of(record("chat", "A", "198.51.100.10", 30)))
                .env("WRONG", "not-the-key")
                .build();

        assertThatThrownBy(() -> StepRun.check(new DnsUpdateStepType(), ctx))
                .isInstanceOf(SafetyGateException.class)
                .hasMessage("PowerDNS API " + pdns.apiUrl() + ", reading chat.example.test. A in zone example.test.: "
                        + "the API key was rejected (HTTP 401 Unauthorized); not retried");
    }

    @Test
    void a_zone_the_server_does_not_have_is_a_clear_404() throws Exception {
        Map<String, Object> entry = zone(pdns.apiUrl(), "${env:PDNS_KEY}");
        entry.put("zone", "other.test.");
        FakeStepContext ctx =
                update(entry, List.of(record("chat", "A", "198.51.100.10", 30))).build();

        assertThatThrownBy(() -> StepRun.check(new DnsUpdateStepType(), ctx))
                .isInstanceOf(SafetyGateException.class)
                .hasMessage("PowerDNS API " + pdns.apiUrl() + ", reading chat.other.test. A in zone other.test.: "
                        + "server id 'localhost' has no zone other.test. (HTTP 404); not retried");
    }

    @Test
    void an_api_that_does_not_answer_is_unreachable() throws Exception {
        String dead = "http://127.0.0.1:" + LoopbackPorts.free();
        FakeStepContext ctx = update(zone(dead, "${env:PDNS_KEY}"), List.of(record("chat", "A", "198.51.100.10", 30)))
                .build();

        assertThatThrownBy(() -> StepRun.check(new DnsUpdateStepType(), ctx))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage("PowerDNS API " + dead
                        + ", reading chat.example.test. A in zone example.test.: connection refused");
    }

    @Test
    void wait_for_ttl_for_a_name_that_did_not_exist_counts_the_negative_caching_ttl_read_through_the_api()
            throws Exception {
        pdns.createZone(
                "negative.test.",
                Rrset.of(
                        "negative.test.",
                        "SOA",
                        600,
                        "ns1.negative.test. hostmaster.negative.test. 1 3600 600 86400 900"));
        Map<String, Object> entry = new LinkedHashMap<>(zone(pdns.apiUrl(), "${env:PDNS_KEY}"));
        entry.put("zone", "negative.test.");
        entry.remove("nameserver"); // the SOA comes from the API itself
        FakeStepContext ctx = update(entry, List.of(record("fresh", "A", "198.51.100.60", 30)))
                .param("waitForTtl", true)
                .deadlineIn(Duration.ofSeconds(10))
                .build();
        String why =
                "negative-caching ttl 600s of zone negative.test. (the lesser of SOA TTL 600s and SOA MINIMUM 900s, "
                        + "RFC 2308), as fresh.negative.test. A did not exist before";

        assertThat(StepRun.check(new DnsUpdateStepType(), ctx).summary())
                .endsWith("waitForTtl: will wait 10m after the " + "change (" + why + ")");
        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining(" (" + why + "), after this step's timeout ends");
    }

    @Test
    void wait_for_ttl_waits_out_the_replaced_ttl() throws Exception {
        FakeStepContext ctx = update(List.of(record("wait", "A", "198.51.100.50", 30)))
                .param("waitForTtl", true)
                .build();
        long start = System.nanoTime();

        StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(ctx.progressMessages())
                .last()
                .isEqualTo("caches can no longer hold the old answer: waited for "
                        + "ttl 2s of wait.example.test. A, which it had when this step changed it");
    }

    @Test
    void dns_ttl_lowers_the_ttl_through_the_api() throws Exception {
        FakeStepContext ctx = FakeStepContext.forType(new DnsTtlStepType())
                .section("dns", Map.of("public", zone(pdns.apiUrl(), "${env:PDNS_KEY}")))
                .env("PDNS_KEY", pdns.apiKey())
                .param("zone", "public")
                .param("records", List.of(Map.of("name", "ttl", "type", "A")))
                .param("ttl", 30L)
                .temporaryRunDirectory()
                .build();

        CheckResult check = StepRun.run(new DnsTtlStepType(), ctx);

        assertThat(((CheckResult.WillChange) check).changes()).containsExactly("ttl.example.test. A: ttl 3600 → 30");
        assertThat(ctx.output("cachesExpireAt")).isNotNull();
        assertThat(StepRun.check(new DnsTtlStepType(), ctx)).isInstanceOf(CheckResult.AlreadyDone.class);
    }

    @Test
    void check_dns_proves_convergence_at_the_nameserver_and_a_caching_resolver() throws Exception {
        assertThat(ResolverAnswer.ask(
                                DnsServer.parse(resolver.address()),
                                RecordNames.absolute("conv", RecordNames.zone(ZONE)),
                                RecordType.A,
                                Duration.ofSeconds(2))
                        .describe())
                .startsWith("answers 192.0.2.60");
        StepRun.run(
                new DnsUpdateStepType(),
                update(List.of(record("conv", "A", "198.51.100.60", 4))).build());
        FakeStepContext ctx = FakeStepContext.forType(new CheckDnsStepType())
                .section("dns", Map.of("public", zone(pdns.apiUrl(), "${env:PDNS_KEY}")))
                .param("zone", "public")
                .param("name", "conv")
                .param("expect", "198.51.100.60")
                .param("resolvers", List.of(resolver.address()))
                .param("interval", Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(20))
                .build();

        StepRun.run(new CheckDnsStepType(), ctx);

        @SuppressWarnings("unchecked")
        Map<String, Long> converged = (Map<String, Long>) ctx.output("convergedAfterMs");
        assertThat(converged.get(pdns.dnsAddress())).isLessThan(1000);
        assertThat(converged.get(resolver.address())).isGreaterThan(1000).isLessThan(6000);
    }
}
