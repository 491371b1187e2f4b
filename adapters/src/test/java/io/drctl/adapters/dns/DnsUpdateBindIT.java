package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import io.drctl.servers.LoopbackPorts;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dns.update and dns.ttl against a real BIND 9 primary, through RFC 2136 updates signed with TSIG. */
class DnsUpdateBindIT {
    static final String ZONE = "example.test.";
    static BindServer bind;

    @BeforeAll
    static void startBind() {
        bind = BindServer.primary(ZONE, """
                chat     60  IN A     192.0.2.10
                www      300 IN A     192.0.2.20
                www      300 IN TXT   "site a"
                status   300 IN CNAME status.site-a.example.test.
                idem     300 IN A     192.0.2.30
                ttl      3600 IN A    192.0.2.40
                wait     2   IN A     192.0.2.50
                refused  300 IN A     192.0.2.60
                badsig   300 IN A     192.0.2.70
                """);
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
        }
    }

    static Map<String, Object> zone(String server, Map<String, Object> tsig) {
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("provider", "rfc2136");
        z.put("zone", ZONE);
        z.put("server", server);
        if (tsig != null) {
            z.put("tsig", tsig);
        }
        z.put("timeout", Duration.ofSeconds(2));
        return z;
    }

    static Map<String, Object> key(String secretReference) {
        return Map.of("name", BindServer.KEY_NAME, "algorithm", "hmac-sha256", "secret", secretReference);
    }

    private FakeStepContext.Builder update(Map<String, Object> zoneEntry, List<Map<String, Object>> records) {
        return FakeStepContext.forType(new DnsUpdateStepType())
                .section("dns", Map.of("public", zoneEntry))
                .env("TSIG", bind.tsigSecret())
                .param("zone", "public")
                .param("records", records)
                .temporaryRunDirectory()
                .deadlineIn(Duration.ofSeconds(30));
    }

    private FakeStepContext.Builder update(List<Map<String, Object>> records) {
        return update(zone(bind.address(), key("${env:TSIG}")), records);
    }

    private static Map<String, Object> record(String name, String type, Object value, long ttl) {
        return Map.of("name", name, "type", type, "value", value, "ttl", ttl);
    }

    private long serial() throws Exception {
        try (DnsProvider p = new Rfc2136Provider(
                DnsServer.parse(bind.address()), RecordNames.zone(ZONE), null, null, false, Duration.ofSeconds(2))) {
            return p.serial().orElseThrow();
        }
    }

    @Test
    void switching_an_address_shows_current_to_desired_changes_it_and_reports_what_it_replaced() throws Exception {
        long serialBefore = serial();
        FakeStepContext ctx =
                update(List.of(record("chat", "A", "198.51.100.10", 30))).build();

        CheckResult check = StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(check).isInstanceOf(CheckResult.WillChange.class);
        assertThat(((CheckResult.WillChange) check).changes())
                .containsExactly("chat.example.test. A: 192.0.2.10 (ttl 60) → 198.51.100.10 (ttl 30)");
        assertThat(check.summary())
                .isEqualTo("will change 1 RRset in zone example.test. through rfc2136 " + bind.address());
        assertThat(ctx.output("previous"))
                .isEqualTo(List.of(Map.of(
                        "name", "chat.example.test.", "type", "A", "ttl", 60L, "values", List.of("192.0.2.10"))));
        assertThat((Long) ctx.output("serial")).isGreaterThan(serialBefore);
        assertThat(ctx.output("changedAt")).isNotNull();
    }

    @Test
    void a_cname_replaces_the_address_and_text_records_at_its_name() throws Exception {
        FakeStepContext ctx =
                update(List.of(record("www", "CNAME", "www.site-b", 120))).build();

        CheckResult check = StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(((CheckResult.WillChange) check).changes())
                .containsExactly(
                        "www.example.test. CNAME: (none) → www.site-b.example.test. (ttl 120)",
                        "www.example.test. A: 192.0.2.20 (ttl 300) → (removed: a CNAME cannot share its name)",
                        "www.example.test. TXT: \"site a\" (ttl 300) → (removed: a CNAME cannot share its name)");
        FakeStepContext again = update(List.of(record("www", "CNAME", "www.site-b.example.test.", 120)))
                .build();
        assertThat(StepRun.check(new DnsUpdateStepType(), again)).isInstanceOf(CheckResult.AlreadyDone.class);
    }

    @Test
    void a_cname_target_can_be_switched_to_another() throws Exception {
        FakeStepContext ctx = update(List.of(record("status", "CNAME", "status.site-b.example.test.", 300)))
                .build();

        CheckResult check = StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(((CheckResult.WillChange) check).changes())
                .containsExactly(
                        "status.example.test. CNAME: status.site-a.example.test. (ttl 300) → status.site-b.example.test. (ttl 300)");
    }

    @Test
    void running_the_same_update_again_is_already_done_and_changes_nothing() throws Exception {
        StepRun.run(
                new DnsUpdateStepType(),
                update(List.of(record("idem", "A", List.of("198.51.100.31", "198.51.100.30"), 30)))
                        .build());
        long serialAfterFirst = serial();

        FakeStepContext second = update(List.of(record("idem", "A", List.of("198.51.100.30", "198.51.100.31"), 30)))
                .build();
        CheckResult check = StepRun.run(new DnsUpdateStepType(), second);

        assertThat(check).isInstanceOf(CheckResult.AlreadyDone.class);
        assertThat(check.summary()).isEqualTo("idem.example.test. A already 198.51.100.30, 198.51.100.31 (ttl 30)");
        assertThat(serial()).isEqualTo(serialAfterFirst);
        assertThat(second.output("serial")).isEqualTo(serialAfterFirst);
    }

    @Test
    void an_unsigned_update_is_refused_with_one_line_naming_server_zone_and_record_and_is_not_retried()
            throws Exception {
        FakeStepContext ctx = update(zone(bind.address(), null), List.of(record("refused", "A", "198.51.100.60", 30)))
                .build();
        var step = new DnsUpdateStepType().bind(ctx.definition());
        step.check(ctx);

        assertThatThrownBy(() -> step.apply(ctx))
                .isInstanceOf(SafetyGateException.class)
                .hasMessage(
                        "the update of refused.example.test. A in zone example.test. at " + bind.address()
                                + " was REFUSED: the server does not allow it (an unsigned update: give the zone a tsig key); not retried");
    }

    @Test
    void a_wrong_key_is_rejected_with_badsig_already_at_check_and_is_not_retried() throws Exception {
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        FakeStepContext ctx = update(
                        zone(bind.address(), key("${env:WRONG}")), List.of(record("badsig", "A", "198.51.100.70", 30)))
                .env("WRONG", wrong)
                .build();

        assertThatThrownBy(() -> StepRun.check(new DnsUpdateStepType(), ctx))
                .isInstanceOf(SafetyGateException.class)
                .hasMessage(
                        "reading badsig.example.test. A in zone example.test. from " + bind.address()
                                + " failed: NOTAUTH/BADSIG, the server rejected the signature of TSIG key drctl. (wrong secret or algorithm); not retried")
                .message()
                .doesNotContain(wrong);
    }

    @Test
    void a_server_that_does_not_answer_is_unreachable_within_the_zone_timeout() throws Exception {
        String dead = "127.0.0.1:" + LoopbackPorts.freeTcpAndUdp();
        FakeStepContext ctx = update(zone(dead, key("${env:TSIG}")), List.of(record("chat", "A", "198.51.100.10", 30)))
                .build();
        long start = System.nanoTime();

        assertThatThrownBy(() -> StepRun.check(new DnsUpdateStepType(), ctx))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageStartingWith("DNS server " + dead + " ")
                .hasMessageEndingWith(" (zone example.test., chat.example.test. A)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void wait_for_ttl_makes_verify_wait_until_the_replaced_ttl_has_passed() throws Exception {
        FakeStepContext ctx = update(List.of(record("wait", "A", "198.51.100.50", 30)))
                .param("waitForTtl", true)
                .build();
        long start = System.nanoTime();

        StepRun.run(new DnsUpdateStepType(), ctx);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(ctx.output("cachesExpireAt")).isNotNull();
        String why = "ttl 2s of wait.example.test. A, which it had when this step changed it";
        assertThat(ctx.progressMessages())
                .anySatisfy(m -> assertThat(m).startsWith("waiting ").endsWith("(" + why + ")"));
        assertThat(ctx.progressMessages())
                .last()
                .isEqualTo("caches can no longer hold the old answer: waited for " + why);
    }

    @Test
    void dns_ttl_lowers_the_ttl_and_keeps_the_value() throws Exception {
        FakeStepContext ctx = FakeStepContext.forType(new DnsTtlStepType())
                .section("dns", Map.of("public", zone(bind.address(), key("${env:TSIG}"))))
                .env("TSIG", bind.tsigSecret())
                .param("zone", "public")
                .param("records", List.of(Map.of("name", "ttl", "type", "A")))
                .param("ttl", 30L)
                .objectives(new io.drctl.engine.plan.Objectives(
                        java.util.Optional.of(Duration.ofMinutes(20)), java.util.Optional.empty()))
                .temporaryRunDirectory()
                .build();

        CheckResult check = StepRun.run(new DnsTtlStepType(), ctx);

        assertThat(((CheckResult.WillChange) check).changes()).containsExactly("ttl.example.test. A: ttl 3600 → 30");
        assertThat(check.summary())
                .endsWith(
                        "note: TTL 3600s is longer than the plan's RTO (20m): resolvers may serve the old answer past it");
        assertThat(ctx.output("ttlLongerThanRto")).isEqualTo(true);
        try (DnsProvider p = new Rfc2136Provider(
                DnsServer.parse(bind.address()), RecordNames.zone(ZONE), null, null, false, Duration.ofSeconds(2))) {
            assertThat(p.read(RecordNames.absolute("ttl", RecordNames.zone(ZONE)), RecordType.A)
                            .orElseThrow()
                            .describeValues())
                    .isEqualTo("192.0.2.40 (ttl 30)");
        }
        assertThat(StepRun.check(new DnsTtlStepType(), ctx)).isInstanceOf(CheckResult.AlreadyDone.class);
    }
}
