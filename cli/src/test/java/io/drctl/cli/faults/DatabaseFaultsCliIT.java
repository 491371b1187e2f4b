package io.drctl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.testing.FaultProxy;
import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between drctl and a real PostgreSQL primary fails the way it does when a site is
 * lost — silence, resets, a connection cut mid-answer, latency — and every run still ends in
 * bounded time with the exit code that says what happened.
 */
class DatabaseFaultsCliIT {
    /** Generous: a dead member costs its timeouts (connect 2s, socket 10s), never minutes. */
    private static final Duration BOUND = Duration.ofSeconds(45);

    private static PostgresReplicaSet pair;
    private static ReliabilityFigures figures;
    private FaultProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPair() {
        pair = PostgresReplicaSet.start();
        figures = ReliabilityFigures.table(
                "faults-postgresql",
                "Network faults between drctl and a PostgreSQL primary (db.check, step timeout 8s)",
                "fault",
                "plan says",
                "exit",
                "took");
    }

    @AfterAll
    static void stopPair() {
        pair.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.inFrontOf(pair.primary().port());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private record Timed(CliHarness.Result result, Duration took) {}

    private Timed checkPangyo(String extra) throws Exception {
        Timed t = runCheck(extra);
        figures.row(
                describe(proxyFault),
                extra.isBlank() ? "ifUnreachable: fail" : "ifUnreachable: skip",
                t.result().exitCode(),
                String.format("%.1fs", t.took().toMillis() / 1000.0));
        return t;
    }

    private FaultProxy.Fault proxyFault = FaultProxy.NONE;

    private void fault(FaultProxy.Fault f) {
        proxyFault = f;
        proxy.fault(f);
    }

    private static String describe(FaultProxy.Fault fault) {
        return switch (fault) {
            case FaultProxy.Fault.Blackhole b -> "blackhole (connections accepted, nothing answered)";
            case FaultProxy.Fault.Reset r -> "every connection reset";
            case FaultProxy.Fault.CutAfter c -> "connection cut after " + c.bytes() + " bytes of the answer";
            case FaultProxy.Fault.Latency l -> l.delay().toMillis() + " ms latency per chunk";
            default -> "none";
        };
    }

    private Timed runCheck(String extra) throws Exception {
        String pangyoUrl = pair.primary().url().replace(":" + pair.primary().port() + "/", ":" + proxy.port() + "/");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                DatabasePlans.text(
                        "postgresql", pangyoUrl, pair.standby().url(), PostgresServer.DRCTL_USER, """
                - id: pangyo-answers
                  type: db.check
                  timeout: 8s
                %s  with: { database: chat, member: pangyo, expect: primary, interval: 500ms }
                """.formatted(
                                        extra)));
        CliHarness drctl = new CliHarness(dir.resolve("state"))
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD);
        long start = System.nanoTime();
        CliHarness.Result result = drctl.run("run", plan.toString());
        return new Timed(result, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void a_primary_behind_a_blackhole_is_unreachable_in_bounded_time() throws Exception {
        fault(FaultProxy.BLACKHOLE);
        Timed t = checkPangyo("");
        assertThat(t.result().exitCode()).as(t.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(t.took()).isLessThan(BOUND);
        assertThat(t.result().out()).contains("pangyo");
    }

    @Test
    void a_primary_whose_connections_are_reset_is_unreachable_in_bounded_time() throws Exception {
        fault(FaultProxy.RESET);
        Timed t = checkPangyo("");
        assertThat(t.result().exitCode()).as(t.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(t.took()).isLessThan(BOUND);
    }

    @Test
    void a_connection_cut_in_the_middle_of_the_answer_never_counts_as_an_answer() throws Exception {
        fault(new FaultProxy.Fault.CutAfter(40)); // inside the authentication exchange
        Timed t = checkPangyo("");
        assertThat(t.result().exitCode()).as(t.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(t.took()).isLessThan(BOUND);
    }

    @Test
    void a_silent_primary_is_skipped_when_the_plan_says_so_and_the_run_succeeds() throws Exception {
        fault(FaultProxy.BLACKHOLE);
        Timed t = checkPangyo("  ifUnreachable: skip\n  site: pangyo\n");
        assertThat(t.result().exitCode()).as(t.result().toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(t.took()).isLessThan(BOUND);
    }

    @Test
    void a_slow_network_delays_the_answer_but_it_still_counts() throws Exception {
        fault(new FaultProxy.Fault.Latency(Duration.ofMillis(150)));
        Timed t = checkPangyo("");
        assertThat(t.result().exitCode()).as(t.result().toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(proxy.connections()).isPositive();
    }
}
