package io.drctl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.faults.CrashPoints.KillPoint;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.journal.JournalContents;
import io.drctl.servers.BindServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/**
 * The crash matrix for a DNS reroute: two dns.update steps (RFC 2136, TSIG-signed) against a real
 * BIND on loopback move chat and api from site A's address to site B's. drctl runs as its own JVM
 * and is SIGKILLed at each step boundary and inside each update; the run is resumed. The records
 * must end as after an uninterrupted run, and each change must have reached the zone exactly
 * once — counted at the target by the SOA serial, which BIND raises once per update that
 * changes the zone (an update that changes nothing leaves it alone).
 */
class DnsCrashMatrixIT {
    private static final String ZONE = "crash.test.";
    private static final String SITE_A = "192.0.2.10";
    private static final String SITE_B = "198.51.100.10";
    private static final int UPDATES = 2;

    private static ReliabilityFigures figures;

    @BeforeAll
    static void runOnceUninterrupted(@TempDir Path dir) throws Exception {
        figures = ReliabilityFigures.table(
                "crash-matrix-dns",
                "Crash matrix: DNS reroute on BIND (two RFC 2136 updates)",
                "kill point",
                "killed while",
                "resume exit",
                "records as uninterrupted",
                "zone changes counted at the target (SOA serial)",
                "completed steps repeated");
        try (BindServer bind = zoneAtSiteA()) {
            long serialBefore = bind.serial(ZONE);
            Path plan = Files.writeString(dir.resolve("plan.yaml"), plan(bind.address()));
            CliHarness.Result run = new CliHarness(dir.resolve("state"))
                    .env("TSIG_SECRET", bind.tsigSecret())
                    .run("run", plan.toString());
            long changes = bind.serial(ZONE) - serialBefore;
            figures.row("(none: uninterrupted run)", "-", run.exitCode(), "-", changes, "-");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(changes)
                    .as("an uninterrupted run changes the zone once per update")
                    .isEqualTo(UPDATES);
        }
    }

    @AfterAll
    static void noteLongVariant() {
        if (!ReliabilityFigures.LONG) {
            figures.row(
                    "(default run: one delay per update; -Ddrctl.reliability.long=true adds more)", "", "", "", "", "");
        }
    }

    static Stream<KillPoint> killPoints() {
        List<Duration> delays =
                CrashPoints.insideStepDelays(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(60));
        List<KillPoint> points = new ArrayList<>();
        points.addAll(CrashPoints.aroundMutatingStep("chat update", "reroute-chat", delays));
        points.addAll(CrashPoints.aroundMutatingStep("api update", "reroute-api", delays));
        return points.stream();
    }

    static String plan(String server) {
        return """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: dns-crash-matrix }
                spec:
                  dns:
                    public:
                      provider: rfc2136
                      zone: %s
                      server: "%s"
                      tsig: { name: drctl., algorithm: hmac-sha256, secret: "${env:TSIG_SECRET}" }
                      timeout: 2s
                  steps:
                    - id: reroute-chat
                      type: dns.update
                      with: { zone: public, records: [ { name: chat, type: A, value: "%s", ttl: 2 } ] }
                    - id: reroute-api
                      type: dns.update
                      needs: [reroute-chat]
                      with: { zone: public, records: [ { name: api, type: A, value: "%s", ttl: 2 } ] }
                """.formatted(ZONE, server, SITE_B, SITE_B);
    }

    static BindServer zoneAtSiteA() {
        return BindServer.primary(ZONE, "chat 2 IN A " + SITE_A + "\napi 2 IN A " + SITE_A + "\n");
    }

    @ParameterizedTest(name = "killed after {0}")
    @MethodSource("killPoints")
    void a_run_killed_there_resumes_to_the_same_records_with_each_change_once(KillPoint at, @TempDir Path dir)
            throws Exception {
        try (BindServer bind = zoneAtSiteA()) {
            long serialBefore = bind.serial(ZONE);
            Path plan = Files.writeString(dir.resolve("plan.yaml"), plan(bind.address()));
            Path state = dir.resolve("state");

            DrctlProcess first = DrctlProcess.start(
                    dir,
                    Map.of("TSIG_SECRET", bind.tsigSecret()),
                    "--state-dir",
                    state.toString(),
                    "run",
                    plan.toString());
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
            Journals.await(state, runId, at.event(), Duration.ofSeconds(60));
            Thread.sleep(at.delay().toMillis());
            first.killHard();
            Set<String> completedBeforeCrash =
                    CrashPoints.succeededSteps(Journals.read(state, runId).events());
            String killedWhile = first.process().exitValue() == 137
                    ? "running"
                    : "already ended (exit " + first.process().exitValue() + ")";

            CliHarness.Result resumed =
                    new CliHarness(state).env("TSIG_SECRET", bind.tsigSecret()).run("resume", runId);
            JournalContents journal = Journals.read(state, runId);
            Set<String> repeated = CrashPoints.repeatedAfterResume(journal.events(), completedBeforeCrash);
            List<String> chat = bind.answers("chat." + ZONE, Type.A);
            List<String> api = bind.answers("api." + ZONE, Type.A);
            boolean asUninterrupted = chat.equals(List.of(SITE_B)) && api.equals(List.of(SITE_B));
            long changes = bind.serial(ZONE) - serialBefore;
            figures.row(
                    at,
                    killedWhile,
                    resumed.exitCode(),
                    asUninterrupted ? "yes" : "NO (chat " + chat + ", api " + api + ")",
                    changes,
                    repeated.isEmpty() ? "none" : repeated);

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(journal.chainVerifies())
                    .as(journal.chainError().orElse(""))
                    .isTrue();
            assertThat(repeated)
                    .as("steps completed before the crash started again after resume")
                    .isEmpty();
            assertThat(chat).as("chat's addresses").containsExactly(SITE_B);
            assertThat(api).as("api's addresses").containsExactly(SITE_B);
            assertThat(changes)
                    .as("zone changes (SOA serial steps), one per update")
                    .isEqualTo(UPDATES);
        }
    }
}
