package io.drctl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.testing.FaultProxy;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.servers.BindServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/**
 * The network between drctl and a real BIND fails while a dns.update (RFC 2136, TSIG) moves chat
 * to site B: every run ends in bounded time with the exit code that says what happened, and the
 * change reaches the zone at most once — counted at the target by the SOA serial.
 *
 * <p>The proxy is TCP, so the plan sets the provider's {@code tcp: true}: every query and update
 * goes through it. With the default (UDP, TCP only for truncated answers) drctl's datagrams
 * would go around the proxy; faults of UDP (loss, delay) are not covered here.
 */
class DnsFaultsCliIT {
    /** Generous: each exchange gives up after the provider's 2s timeout, the step after 8s. */
    private static final Duration BOUND = Duration.ofSeconds(45);

    private static final String ZONE = "faults.test.";
    private static final String SITE_A = "192.0.2.10";
    private static final String SITE_B = "198.51.100.10";

    private static ReliabilityFigures figures;
    private BindServer bind;
    private FaultProxy proxy;
    private long serialBefore;
    private FaultProxy.Fault fault = FaultProxy.NONE;
    /** This test's row, written after it (with what a resume did once the network healed, when a test tried one). */
    private Object[] rowCells;

    private String afterHealing = "-";

    @TempDir
    Path dir;

    @BeforeAll
    static void startTable() {
        figures = ReliabilityFigures.table(
                "faults-dns",
                "Network faults between drctl and BIND over TCP (dns.update, exchange timeout 2s, step timeout 8s)",
                "fault",
                "plan says",
                "exit",
                "what drctl said",
                "took",
                "zone changes counted at the target (SOA serial)",
                "chat answers",
                "resume once the network healed: exit, changes at the target");
    }

    @BeforeEach
    void start() throws Exception {
        bind = BindServer.primary(ZONE, "chat 2 IN A " + SITE_A + "\n");
        serialBefore = bind.serial(ZONE);
        proxy = FaultProxy.inFrontOf(bind.port());
    }

    @AfterEach
    void stop() {
        if (rowCells != null) {
            Object[] cells = java.util.Arrays.copyOf(rowCells, rowCells.length + 1);
            cells[rowCells.length] = afterHealing;
            figures.row(cells);
        }
        proxy.close();
        bind.close();
    }

    private record Outcome(CliHarness.Result result, Duration took, long zoneChanges, List<String> chat) {}

    private Outcome reroute(String extra) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: dns-faults }
                spec:
                  sites:
                    public-dns: { description: the provider's authoritative server }
                  dns:
                    public:
                      provider: rfc2136
                      zone: %s
                      server: "127.0.0.1:%d"
                      tcp: true
                      tsig: { name: drctl., algorithm: hmac-sha256, secret: "${env:TSIG_SECRET}" }
                      timeout: 2s
                  steps:
                    - id: reroute
                      type: dns.update
                      site: public-dns
                      timeout: 8s
                %s      with: { zone: public, records: [ { name: chat, type: A, value: "%s", ttl: 2 } ] }
                """.formatted(ZONE, proxy.port(), extra, SITE_B));
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("TSIG_SECRET", bind.tsigSecret());
        long start = System.nanoTime();
        CliHarness.Result result = drctl.run("run", plan.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long changes = changesAtTarget();
        List<String> chat = bind.answers("chat." + ZONE, Type.A);
        rowCells = new Object[] {
            FaultNames.describe(fault),
            extra.isBlank() ? "ifUnreachable: fail" : "ifUnreachable: skip",
            result.exitCode(),
            FaultNames.said(result, "reroute"),
            FaultNames.seconds(took),
            changes,
            chat
        };
        return new Outcome(result, took, changes, chat);
    }

    /** Changes of the zone since the test began: the SOA serial's steps, as BIND counts them. */
    private long changesAtTarget() throws java.io.IOException {
        return bind.serial(ZONE) - serialBefore;
    }

    private void fault(FaultProxy.Fault f) {
        fault = f;
        proxy.fault(f);
    }

    @Test
    void a_server_behind_a_blackhole_is_unreachable_in_bounded_time_and_the_zone_is_unchanged() throws Exception {
        fault(FaultProxy.BLACKHOLE);
        Outcome o = reroute("");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.zoneChanges()).isZero();
        assertThat(o.chat()).containsExactly(SITE_A);
    }

    @Test
    void a_server_whose_connections_are_reset_is_unreachable_in_bounded_time() throws Exception {
        fault(FaultProxy.RESET);
        Outcome o = reroute("");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.zoneChanges()).isZero();
    }

    /**
     * Where the cut lands: inside the first answer, and (today's answer sizes) inside the answer
     * to the write itself, where drctl cannot know whether it landed — the table's count at the
     * target shows where each cut fell; the long variant sweeps more points.
     */
    static List<Long> cutPoints() {
        return ReliabilityFigures.LONG ? List.of(20L, 60L, 300L, 800L, 1500L, 3000L, 6000L) : List.of(20L, 800L);
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @MethodSource("cutPoints")
    void answers_cut_in_the_middle_end_the_run_clearly_and_the_change_lands_at_most_once(long bytes) throws Exception {
        fault(new FaultProxy.Fault.CutAfter(bytes));
        Outcome o = reroute("");
        assertThat(o.result().exitCode())
                .as(o.result().toString())
                .isIn(ExitCode.SUCCESS.code(), ExitCode.UNREACHABLE.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.zoneChanges()).isLessThanOrEqualTo(1);
        if (o.result().exitCode() == ExitCode.SUCCESS.code()) {
            assertThat(o.zoneChanges())
                    .as("a run that succeeded made its change")
                    .isEqualTo(1);
        } else {
            // Whether the write landed is unknown to drctl; the resume must find out, not write twice.
            String said = o.result().out() + o.result().err();
            if (o.zoneChanges() == 1 && !said.contains(" SOA)")) {
                // The update landed and its own answer broke off: "may have been made", never "not done".
                assertThat(said).contains("the change may have been made");
            }
            proxy.fault(FaultProxy.NONE);
            String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
            CliHarness.Result resumed = new CliHarness(dir.resolve("state"))
                    .env("TSIG_SECRET", bind.tsigSecret())
                    .run("resume", runId);
            long changesAfter = changesAtTarget();
            afterHealing = resumed.exitCode() + ", " + changesAfter;
            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(changesAfter)
                    .as("changes at the target after the resume")
                    .isEqualTo(1);
        }
    }

    @Test
    void a_silent_server_is_skipped_when_the_plan_says_so_and_the_run_succeeds() throws Exception {
        fault(FaultProxy.BLACKHOLE);
        Outcome o = reroute("      ifUnreachable: skip\n");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.zoneChanges()).isZero();
    }

    @Test
    void a_slow_network_delays_the_change_but_it_lands_exactly_once() throws Exception {
        fault(new FaultProxy.Fault.Latency(Duration.ofMillis(150)));
        Outcome o = reroute("");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(o.zoneChanges()).isEqualTo(1);
        assertThat(o.chat()).containsExactly(SITE_B);
        assertThat(proxy.connections()).isPositive();
    }
}
