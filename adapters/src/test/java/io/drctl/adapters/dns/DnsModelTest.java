package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/** The DNS adapter's pieces that need no server: names, values, planning a change, reading answers, TTL arithmetic. */
class DnsModelTest {
    static final Name ZONE = name("example.com.");

    static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void names_follow_zone_file_conventions() throws Exception {
        assertThat(RecordNames.absolute("chat", ZONE)).hasToString("chat.example.com.");
        assertThat(RecordNames.absolute("@", ZONE)).hasToString("example.com.");
        assertThat(RecordNames.absolute("Chat.Example.COM.", ZONE)).hasToString("chat.example.com.");
        assertThat(RecordNames.zone("example.com")).hasToString("example.com.");
        assertThat(RecordNames.inside(RecordNames.absolute("a.example.org.", ZONE), ZONE))
                .isFalse();
    }

    @Test
    void values_compare_in_canonical_form() throws Exception {
        assertThat(RecordType.A.canonical(" 192.0.2.1 ", ZONE)).isEqualTo("192.0.2.1");
        assertThat(RecordType.AAAA.canonical("2001:DB8::1", ZONE))
                .isEqualTo(RecordType.AAAA.canonical("2001:db8:0:0:0:0:0:1", ZONE));
        assertThat(RecordType.CNAME.canonical("chat.gasan", ZONE)).isEqualTo("chat.gasan.example.com.");
        assertThat(RecordType.CNAME.canonical("Chat.Gasan.Example.NET.", ZONE)).isEqualTo("chat.gasan.example.net.");
        String longText = "x".repeat(300);
        assertThat(RecordType.TXT.canonical(longText, ZONE)).isEqualTo(longText);
        assertThatThrownBy(() -> RecordType.A.canonical("2001:db8::1", ZONE))
                .hasMessage("'2001:db8::1' is not an IPv4 address");
    }

    @Test
    void servers_are_host_and_optional_port() {
        assertThat(DnsServer.parse("192.0.2.53")).isEqualTo(new DnsServer("192.0.2.53", 53));
        assertThat(DnsServer.parse("ns1.example.com:5353")).isEqualTo(new DnsServer("ns1.example.com", 5353));
        assertThat(DnsServer.parse("[2001:db8::53]:5353")).hasToString("[2001:db8::53]:5353");
        assertThat(DnsServer.parse("2001:db8::53")).isEqualTo(new DnsServer("2001:db8::53", 53));
        assertThat(DnsServer.tryParse("host:0")).isEmpty();
        assertThat(DnsServer.tryParse("a b")).isEmpty();
    }

    @Test
    void a_change_replaces_what_differs_and_removes_what_cannot_share_the_name() {
        Name chat = name("chat.example.com.");
        Name www = name("www.example.com.");
        ZoneSnapshot now = new ZoneSnapshot(Map.of(
                new RrsetKey(chat, RecordType.A),
                        Optional.of(new RecordSet(chat, RecordType.A, 300, List.of("192.0.2.10"))),
                new RrsetKey(chat, RecordType.CNAME), Optional.empty(),
                new RrsetKey(www, RecordType.A),
                        Optional.of(new RecordSet(www, RecordType.A, 60, List.of("192.0.2.20"))),
                new RrsetKey(www, RecordType.CNAME),
                        Optional.of(new RecordSet(www, RecordType.CNAME, 600, List.of("old.example.com.")))));
        List<RecordRequest> requests = List.of(
                new RecordRequest(chat, RecordType.A, List.of("198.51.100.10"), OptionalLong.empty()),
                new RecordRequest(www, RecordType.A, List.of("192.0.2.20"), OptionalLong.of(60)));

        RecordUpdate update = RecordUpdate.plan(requests, now);

        assertThat(update.lines())
                .containsExactly(
                        "chat.example.com. A: 192.0.2.10 (ttl 300) → 198.51.100.10 (ttl 300)",
                        "www.example.com. CNAME: old.example.com. (ttl 600) → (removed: it is replaced by A)");
        assertThat(update.change().replace())
                .extracting(RecordSet::describe)
                .containsExactly("chat.example.com. A 198.51.100.10 (ttl 300)");
        assertThat(update.change().delete()).containsExactly(new RrsetKey(www, RecordType.CNAME));
        assertThat(update.longestReplacedTtl()).isEqualTo(600);
    }

    @Test
    void nothing_to_do_reads_as_already_there() {
        Name chat = name("chat.example.com.");
        ZoneSnapshot now = new ZoneSnapshot(Map.of(
                new RrsetKey(chat, RecordType.A),
                Optional.of(new RecordSet(chat, RecordType.A, 30, List.of("198.51.100.11", "198.51.100.10")))));

        RecordUpdate update = RecordUpdate.plan(
                List.of(new RecordRequest(
                        chat, RecordType.A, List.of("198.51.100.10", "198.51.100.11"), OptionalLong.of(30))),
                now);

        assertThat(update.nothingToDo()).isTrue();
        assertThat(update.alreadyText()).isEqualTo("chat.example.com. A already 198.51.100.10, 198.51.100.11 (ttl 30)");
    }

    private static Message answer(int rcode, int tsigError) {
        Message m = new Message();
        m.getHeader().setRcode(rcode);
        if (tsigError >= 0) {
            m.addRecord(
                    new TSIGRecord(
                            name("drctl."),
                            DClass.ANY,
                            0,
                            TSIG.HMAC_SHA256,
                            Instant.now(),
                            Duration.ofSeconds(300),
                            new byte[0],
                            1,
                            tsigError,
                            null),
                    Section.ADDITIONAL);
        }
        return m;
    }

    @Test
    void answer_codes_become_one_line_naming_server_zone_and_record() {
        Name key = name("drctl.");
        String server = "192.0.2.53:53";
        assertThatThrownBy(() -> DnsAnswers.checkUpdate(
                        answer(Rcode.NOTAUTH, Rcode.BADKEY), server, ZONE, "chat.example.com. A", key))
                .isInstanceOf(SafetyGateException.class)
                .hasMessage(
                        "the update of chat.example.com. A in zone example.com. at " + server
                                + " failed: NOTAUTH/BADKEY, the server does not know TSIG key drctl. (or not with this algorithm); not retried");
        assertThatThrownBy(() -> DnsAnswers.checkUpdate(answer(Rcode.NOTAUTH, Rcode.BADTIME), server, ZONE, "x", key))
                .isInstanceOf(SafetyGateException.class)
                .hasMessageContaining("NOTAUTH/BADTIME");
        assertThatThrownBy(() -> DnsAnswers.checkUpdate(answer(Rcode.NOTAUTH, -1), server, ZONE, "x", key))
                .isInstanceOf(SafetyGateException.class)
                .hasMessageEndingWith(
                        "failed: NOTAUTH, " + server + " is not authoritative for zone example.com.; not retried");
        assertThatThrownBy(() -> DnsAnswers.checkUpdate(answer(Rcode.NOTZONE, -1), server, ZONE, "x", key))
                .isInstanceOf(SafetyGateException.class)
                .hasMessageContaining("NOTZONE, the record is not inside zone example.com.");
        assertThatThrownBy(() ->
                        DnsAnswers.checkUpdate(answer(Rcode.SERVFAIL, -1), server, ZONE, "chat.example.com. A", key))
                .isExactlyInstanceOf(StepFailedException.class)
                .hasMessage("the update of chat.example.com. A in zone example.com. at " + server
                        + " failed: SERVFAIL, the server could not process it");
        assertThatThrownBy(() ->
                        DnsAnswers.checkQuery(answer(Rcode.REFUSED, -1), server, ZONE, "chat.example.com. A", null))
                .isInstanceOf(SafetyGateException.class)
                .hasMessageContaining("(does it serve this zone, and may this machine query it?)");
    }

    @Test
    void a_signed_update_whose_answer_does_not_verify_is_not_taken_for_success() {
        assertThatThrownBy(() -> DnsAnswers.checkUpdate(answer(Rcode.NOERROR, -1), "s", ZONE, "x", name("drctl.")))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("TSIG signature does not verify");
    }

    @Test
    void a_ttl_longer_than_the_rto_is_noted() {
        Objectives rto = new Objectives(Optional.of(Duration.ofMinutes(20)), Optional.empty());
        assertThat(CacheExpiry.rtoNote(rto, 3600))
                .contains("note: TTL 3600s is longer than the plan's RTO (20m): "
                        + "resolvers may serve the old answer past it");
        assertThat(CacheExpiry.rtoNote(rto, 300)).isEmpty();
        assertThat(CacheExpiry.rtoNote(Objectives.NONE, 86400)).isEmpty();
    }

    @Test
    void waiting_for_a_ttl_beyond_the_deadline_fails_at_once_saying_which_timeout_would_do() {
        ManualClock clock = new ManualClock();
        FakeStepContext ctx = FakeStepContext.builder()
                .clock(clock)
                .deadlineIn(Duration.ofSeconds(10))
                .build();
        ChangeLog.Entry change = new ChangeLog.Entry(clock.now(), true, 3600, List.of());

        assertThatThrownBy(() -> CacheExpiry.await(ctx, Optional.of(change), List.of()))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("waitForTtl: resolvers may serve the old answer until 2026-01-01T01:00:00Z (ttl 3600s), "
                        + "after this step's timeout ends; give the step a timeout of at least 1h1s and resume");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void caches_expire_a_ttl_after_the_change_is_published() {
        Instant at = Instant.parse("2026-11-22T03:00:00Z");

        assertThat(CacheExpiry.expiresAt(new ChangeLog.Entry(at, true, 30, List.of())))
                .isEqualTo(Instant.parse("2026-11-22T03:00:30Z"));
        assertThat(CacheExpiry.expiresAt(new ChangeLog.Entry(at, true, 30, List.of(), Duration.ofMinutes(1))))
                .isEqualTo(Instant.parse("2026-11-22T03:01:30Z"));
    }

    @Test
    void a_ttl_lowered_before_the_change_outlasts_the_ttl_the_change_replaced() {
        Instant lowered = Instant.parse("2026-11-22T02:50:00Z");
        Instant changed = Instant.parse("2026-11-22T03:00:00Z");
        ChangeLog.Entry change = new ChangeLog.Entry(
                changed,
                true,
                30,
                List.of(Map.of("name", "chat.example.com.", "type", "A", "ttl", 30L, "values", List.of("192.0.2.10"))),
                Duration.ZERO,
                ChangeLog.UPDATE,
                "example.com.",
                List.of(),
                -1,
                "");
        TtlHistory.Lowering lowering = new TtlHistory.Lowering(
                new RecordSet.RrsetKey(name("chat.example.com."), RecordType.A),
                3600,
                lowered,
                Duration.ZERO,
                "step lower-ttl of run prep");

        CacheExpiry.Hold longest = CacheExpiry.longest(CacheExpiry.holds(change, List.of(lowering)))
                .orElseThrow();

        assertThat(longest.until()).isEqualTo(Instant.parse("2026-11-22T03:50:00Z"));
        assertThat(longest.why())
                .isEqualTo("ttl 3600s of chat.example.com. A, which it had until step lower-ttl of run prep "
                        + "lowered it at 2026-11-22T02:50:00Z");
    }

    @Test
    void a_lowering_after_the_change_or_of_another_record_does_not_count() {
        Instant changed = Instant.parse("2026-11-22T03:00:00Z");
        ChangeLog.Entry change = new ChangeLog.Entry(
                changed,
                true,
                30,
                List.of(Map.of("name", "chat.example.com.", "type", "A", "ttl", 30L, "values", List.of("192.0.2.10"))),
                Duration.ZERO,
                ChangeLog.UPDATE,
                "example.com.",
                List.of(),
                -1,
                "");
        List<TtlHistory.Lowering> lowerings = List.of(
                new TtlHistory.Lowering(
                        new RecordSet.RrsetKey(name("chat.example.com."), RecordType.A),
                        3600,
                        changed.plusSeconds(1),
                        Duration.ZERO,
                        "later"),
                new TtlHistory.Lowering(
                        new RecordSet.RrsetKey(name("www.example.com."), RecordType.A),
                        3600,
                        changed.minusSeconds(1),
                        Duration.ZERO,
                        "other"));

        assertThat(CacheExpiry.longest(CacheExpiry.holds(change, lowerings))
                        .orElseThrow()
                        .until())
                .isEqualTo(changed.plusSeconds(30));
    }

    @Test
    void waits_until_the_replaced_ttl_has_passed_since_the_change_saying_how_long_is_left() throws Exception {
        ManualClock clock = new ManualClock();
        ChangeLog.Entry change = new ChangeLog.Entry(clock.now(), true, 12, List.of());
        clock.advance(Duration.ofSeconds(1)); // the step confirmed the change a second after sending it
        FakeStepContext ctx = FakeStepContext.builder()
                .clock(clock)
                .deadlineIn(Duration.ofMinutes(1))
                .build();

        CacheExpiry.await(ctx, Optional.of(change), List.of());

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1));
        assertThat(ctx.progressMessages())
                .containsExactly(
                        "waiting 11.0s for caches to let go of the old answer (ttl 12s)",
                        "waiting 6.0s for caches to let go of the old answer (ttl 12s)",
                        "waiting 1.0s for caches to let go of the old answer (ttl 12s)",
                        "caches can no longer hold the old answer: waited for ttl 12s");
    }

    @Test
    void a_name_that_did_not_exist_is_held_for_the_negative_caching_ttl_and_unknown_is_never_no_wait() {
        Instant changed = Instant.now();
        ChangeLog.Entry known = new ChangeLog.Entry(
                changed,
                true,
                0,
                List.of(),
                Duration.ZERO,
                ChangeLog.UPDATE,
                "example.com.",
                List.of("new.example.com. A"),
                60,
                "the lesser of SOA TTL 300s and SOA MINIMUM 60s, RFC 2308");
        ChangeLog.Entry unknown = new ChangeLog.Entry(
                changed,
                true,
                0,
                List.of(),
                Duration.ZERO,
                ChangeLog.UPDATE,
                "example.com.",
                List.of("new.example.com. A"),
                -1,
                "reading the SOA of zone example.com.: it did not answer");
        FakeStepContext ctx =
                FakeStepContext.builder().deadlineIn(Duration.ofSeconds(10)).build();

        assertThat(CacheExpiry.longest(CacheExpiry.holds(known, List.of()))
                        .orElseThrow()
                        .until())
                .isEqualTo(changed.plusSeconds(60));
        assertThatThrownBy(() -> CacheExpiry.await(ctx, Optional.of(unknown), List.of()))
                .isInstanceOf(StepFailedException.class)
                .hasMessage(
                        "waitForTtl: new.example.com. A did not exist before, and resolvers may cache that for the zone's "
                                + "negative-caching TTL, which drctl could not read (reading the SOA of zone example.com.: it did not "
                                + "answer); it cannot say when caches have let go");
    }

    @Test
    void soa_serials_compare_with_serial_number_arithmetic() {
        assertThat(ZoneSoa.compareSerials(2, 1)).isPositive();
        assertThat(ZoneSoa.compareSerials(1, 4294967295L)).isPositive();
        assertThat(ZoneSoa.compareSerials(4294967295L, 1)).isNegative();
        assertThat(ZoneSoa.compareSerials(7, 7)).isZero();
    }

    @Test
    void nothing_replaced_means_nothing_to_wait_for() throws Exception {
        FakeStepContext ctx = FakeStepContext.builder().build();

        CacheExpiry.await(ctx, Optional.empty(), List.of());

        assertThat(ctx.progressMessages())
                .containsExactly("waitForTtl: this run replaced nothing that caches could hold; no wait");
    }
}
