package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.journal.JournalContents;
import io.drctl.servers.ServerBinaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code drctl demo}, the README's first command, end to end: two sandbox sites, a real
 * PostgreSQL primary and standby, the demo plan, the report — and the fire ({@code --lose
 * pangyo}, dead or half-dead) that the plan must still get through. Every test also checks that
 * the demo left nothing running behind it.
 */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demo_refuses_to_lose_a_site_other_than_pangyo_before_starting_anything() {
        CliHarness cli = new CliHarness(dir.resolve("state"));
        CliHarness.Result lose = cli.run("demo", "--lose", "gasan");
        assertThat(lose.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(lose.err()).contains("--lose").contains("pangyo").doesNotContain("Exception");
        CliHarness.Result halfDead = cli.run("demo", "--half-dead");
        assertThat(halfDead.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(halfDead.err()).contains("--half-dead").contains("--lose pangyo");
        assertThat(dir.resolve("state").resolve("demo")).doesNotExist();
    }

    @Test
    void demo_takes_other_ports_when_the_examples_are_taken_and_moves_the_whole_service_to_gasan() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("state"));
        CliHarness.Result demo;
        // Someone else's server on the example plan's PostgreSQL port (when it is free to take here).
        try (ServerSocket squatter = occupy(15432)) {
            demo = cli.run("-o", "json", "demo");
        }
        assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(ExitCode.SUCCESS.code());
        String runId = Journals.onlyRunId(cli.stateDir(), Duration.ofSeconds(1));
        JournalContents journal = Journals.read(cli.stateDir(), runId);
        assertThat(succeeded(journal))
                .containsExactlyInAnyOrder(
                        "gasan-db-standby",
                        "gasan-cluster-ready",
                        "freeze-pangyo",
                        "fence-pangyo-db",
                        "go-ahead",
                        "promote-gasan-db",
                        "scale-gasan",
                        "gasan-db-writable",
                        "gasan-rolled-out",
                        "reroute-dns",
                        "prove-dns");
        assertThat(outputs(journal, "fence-pangyo-db"))
                .containsEntry("fenced", "proven")
                .containsEntry("method", "rejectConnections");
        assertThat(outputs(journal, "promote-gasan-db"))
                .containsEntry("timeline", 2)
                .containsKey("reopened");
        // The plan ran against the world the demo started, not the example's fixed port.
        String plan = Files.readString(cli.stateDir().resolve("demo").resolve("demo-failover.yaml"));
        assertThat(plan).doesNotContain("127.0.0.1:15432/");
        // BIND is installed here (./test installs bind9): the switch went to a real BIND, proved by check.dns.
        assertThat(plan).contains("provider: rfc2136").doesNotContain("provider: externaldns");
        assertThat(bindAcceptsConnections(plan))
                .as("the demo's BIND is stopped with everything else")
                .isFalse();

        String last = demo.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last)
                .contains("\"type\":\"demo.finished\"")
                .contains("\"outcome\":\"succeeded\"")
                .contains("\"chatMessages\"");
        assertThat(demo.out().lines().findFirst().orElseThrow()).contains("\"type\":\"version\"");
        Path html = cli.stateDir().resolve("reports").resolve(runId + ".html");
        assertThat(html).exists();
        assertThat(Files.readString(html)).contains("promote-gasan-db").doesNotContain("drctl-test-password");
        assertNothingLeftRunning(cli.stateDir());
    }

    @ParameterizedTest(name = "pangyo {0}")
    @ValueSource(strings = {"dead", "half-dead"})
    void demo_losing_pangyo_mid_run_still_completes_with_the_risks_it_took_on_record(String how) throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("state-" + how));
        Instant start = Instant.now();
        CliHarness.Result demo = how.equals("dead")
                ? cli.run("demo", "--lose", "pangyo")
                : cli.run("demo", "--lose", "pangyo", "--half-dead");
        Duration took = Duration.between(start, Instant.now());

        assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(ExitCode.SUCCESS.code());
        // A dead site costs its bounded timeouts once (3 s for its API server and for its database), not minutes.
        assertThat(took).isLessThan(Duration.ofSeconds(90));
        String runId = Journals.onlyRunId(cli.stateDir(), Duration.ofSeconds(1));
        JournalContents journal = Journals.read(cli.stateDir(), runId);
        assertThat(journal.events())
                .filteredOn(StepSkipped.class::isInstance)
                .map(e -> ((StepSkipped) e).stepId())
                .containsExactly("freeze-pangyo");
        assertThat(outputs(journal, "fence-pangyo-db")).containsEntry("fenced", "unproven");
        Map<String, Object> promoted = outputs(journal, "promote-gasan-db");
        assertThat(promoted).containsKey("splitBrainRiskAcceptedBy").containsKey("dataLossWindow");
        assertThat(String.valueOf(promoted.get("splitBrainRiskAcceptedBy"))).contains("go-ahead");
        assertThat(succeeded(journal)).contains("gasan-db-writable", "gasan-rolled-out", "reroute-dns", "prove-dns");
        assertThat(demo.out())
                .contains("pangyo stops answering now (" + how + ")")
                .contains("risk accepted: fence-pangyo-db: fence unproven")
                .contains("chat messages:");
        assertNothingLeftRunning(cli.stateDir());
    }

    @Test
    void a_second_demo_in_the_same_state_directory_is_refused_and_the_first_goes_on() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess first = DrctlProcess.start(
                dir.resolve("first"),
                Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()),
                "--state-dir",
                state.toString(),
                "demo",
                "--interactive");
        try {
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(60));
            Journals.await(state, runId, ApprovalRequested.class::isInstance, Duration.ofSeconds(30));

            CliHarness.Result second = new CliHarness(state).run("demo");
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCode.USAGE.code());
            assertThat(second.err()).contains("another sandbox is running").doesNotContain("Exception");

            // The first one's world is intact: it is still waiting for its approval, its databases up.
            assertThat(first.process().isAlive()).isTrue();
            assertThat(state.resolve("demo").resolve("postgres").resolve("pangyo"))
                    .isDirectory();

            // Ctrl-C at the approval: the run is journaled as interrupted, and everything the demo started stops.
            first.signal("INT");
            assertThat(first.waitFor(Duration.ofSeconds(60))).as(first.output()).isEqualTo(130);
        } finally {
            first.killHard();
        }
        assertNothingLeftRunning(state);
    }

    @Test
    void two_demos_started_together_in_different_state_directories_each_run_their_own_databases() throws Exception {
        // Both want the example's ports 15432/15433; before they were claimed, both saw them free
        // and the second set up (and failed on) the first one's PostgreSQL.
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString());
        DrctlProcess one = DrctlProcess.start(
                dir.resolve("one"), env, "--state-dir", dir.resolve("state-one").toString(), "demo");
        DrctlProcess two = DrctlProcess.start(
                dir.resolve("two"), env, "--state-dir", dir.resolve("state-two").toString(), "demo");
        try {
            assertThat(one.waitFor(Duration.ofSeconds(180))).as(one.output()).isZero();
            assertThat(two.waitFor(Duration.ofSeconds(180))).as(two.output()).isZero();
        } finally {
            one.killHard();
            two.killHard();
        }
        String planOne =
                Files.readString(dir.resolve("state-one").resolve("demo").resolve("demo-failover.yaml"));
        String planTwo =
                Files.readString(dir.resolve("state-two").resolve("demo").resolve("demo-failover.yaml"));
        assertThat(databasePorts(planOne)).doesNotContainAnyElementsOf(databasePorts(planTwo));
        assertNothingLeftRunning(dir.resolve("state-one"));
        assertNothingLeftRunning(dir.resolve("state-two"));
    }

    private static List<String> databasePorts(String plan) {
        Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)/").matcher(plan);
        List<String> ports = new java.util.ArrayList<>();
        while (m.find()) {
            ports.add(m.group(1));
        }
        assertThat(ports).as("the plan names its databases' ports").isNotEmpty();
        return ports;
    }

    @Test
    void with_bind_turned_off_the_demo_switches_the_externaldns_records_and_has_nothing_to_resolve() throws Exception {
        ServerBinaries.require("named", "bind9"); // so that "off" is what keeps BIND out, not its absence
        CliHarness cli = new CliHarness(dir.resolve("state")).env("DRCTL_DEMO_BIND", "off");

        CliHarness.Result demo = cli.run("demo");

        assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(demo.out())
                .contains("dns     ExternalDNS records in gasan's sandbox (BIND turned off with DRCTL_DEMO_BIND=off)");
        JournalContents journal =
                Journals.read(cli.stateDir(), Journals.onlyRunId(cli.stateDir(), Duration.ofSeconds(1)));
        assertThat(succeeded(journal)).contains("reroute-dns").doesNotContain("prove-dns");
        assertThat(Files.readString(cli.stateDir().resolve("demo").resolve("demo-failover.yaml")))
                .contains("provider: externaldns")
                .doesNotContain("type: check.dns");
        assertNothingLeftRunning(cli.stateDir());
    }

    /** Whether the BIND that the demo's plan copy names still takes connections. */
    private static boolean bindAcceptsConnections(String plan) {
        Matcher server = Pattern.compile("server: \"127\\.0\\.0\\.1:(\\d+)\"").matcher(plan);
        assertThat(server.find()).as("the plan copy names its BIND").isTrue();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(server.group(1))), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** No PostgreSQL of this demo still runs, and its data directories are gone. */
    private static void assertNothingLeftRunning(Path state) {
        Path databases = state.resolve("demo").resolve("postgres");
        assertThat(databases).doesNotExist();
        List<String> survivors = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(databases.toString()))
                        .orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        assertThat(survivors).as("processes of the demo's databases").isEmpty();
    }

    private static List<String> succeeded(JournalContents journal) {
        return journal.events().stream()
                .filter(StepSucceeded.class::isInstance)
                .map(e -> ((StepSucceeded) e).stepId())
                .toList();
    }

    private static Map<String, Object> outputs(JournalContents journal, String step) {
        return journal.events().stream()
                .filter(e -> e instanceof StepSucceeded s && s.stepId().equals(step))
                .map(e -> ((StepSucceeded) e).outputs())
                .findFirst()
                .orElseThrow(() -> new AssertionError(step + " did not succeed"));
    }

    private static ServerSocket occupy(int port) throws IOException {
        try {
            return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        } catch (IOException taken) {
            return new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); // taken already: the point stands
        }
    }
}
