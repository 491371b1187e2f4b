package io.drctl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.cli.faults.CrashPoints.KillPoint;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.journal.JournalContents;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix for the database failover: drctl runs as its own JVM against a real
 * PostgreSQL primary (pangyo) and streaming standby (gasan) and is killed with SIGKILL at every
 * step boundary and inside each mutating step (as its check is journaled, i.e. before or during
 * apply, and a moment later, during or after apply); the run is resumed. The end state must equal
 * an uninterrupted run's, and the promotion must have happened exactly once — counted at the
 * target, by the standby's timeline (one promotion = one timeline switch).
 */
class DatabaseCrashMatrixIT {
    private static final String STEPS = """
            - id: fence-pangyo
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-gasan
              type: db.promote
              needs: [fence-pangyo]
              with: { database: chat, member: gasan }
            - id: gasan-writable
              type: db.check
              needs: [promote-gasan]
              timeout: 1m
              with: { database: chat, member: gasan, expect: writable }
            """;
    private static ReliabilityFigures figures;

    @BeforeAll
    static void startTable() {
        figures = ReliabilityFigures.table(
                "crash-matrix-postgresql",
                "Crash matrix: PostgreSQL fence and promote",
                "kill point",
                "killed while",
                "resume exit",
                "end state as uninterrupted",
                "promotions counted at the target",
                "completed steps repeated");
    }

    @AfterAll
    static void noteLongVariant() {
        if (!ReliabilityFigures.LONG) {
            figures.row(
                    "(default run: one delay per mutating step; -Ddrctl.reliability.long=true adds more)",
                    "",
                    "",
                    "",
                    "",
                    "");
        }
    }

    static Stream<KillPoint> killPoints() {
        List<Duration> delays =
                CrashPoints.insideStepDelays(Duration.ofMillis(30), Duration.ofMillis(100), Duration.ofMillis(250));
        List<KillPoint> points = new ArrayList<>(CrashPoints.aroundMutatingStep("fence", "fence-pangyo", delays));
        points.addAll(CrashPoints.aroundMutatingStep("promote", "promote-gasan", delays));
        return points.stream();
    }

    @ParameterizedTest(name = "killed after {0}")
    @MethodSource("killPoints")
    void a_run_killed_there_resumes_to_the_same_end_with_one_promotion(
            KillPoint at, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (PostgresReplicaSet pair = PostgresReplicaSet.start()) {
            int timelineBefore = timeline(pair.primary());
            pair.primary()
                    .superuser()
                    .exec(
                            "CREATE TABLE crash_probe (x int)",
                            "GRANT INSERT ON crash_probe TO " + PostgresServer.DRCTL_USER);
            pair.awaitCaughtUp();
            Path plan = dir.resolve("plan.yaml");
            Files.writeString(
                    plan,
                    DatabasePlans.text(
                            "postgresql",
                            pair.primary().url(),
                            pair.standby().url(),
                            PostgresServer.DRCTL_USER,
                            STEPS));
            Path state = dir.resolve("state");
            Map<String, String> env = Map.of(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD);

            DrctlProcess first = DrctlProcess.start(dir, env, "--state-dir", state.toString(), "run", plan.toString());
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
            Journals.await(state, runId, at.event(), Duration.ofSeconds(60));
            Thread.sleep(at.delay().toMillis());
            first.killHard();
            Set<String> completedBeforeCrash =
                    CrashPoints.succeededSteps(Journals.read(state, runId).events());
            String killedWhile = first.process().exitValue() == 137
                    ? "running"
                    : "already ended (exit " + first.process().exitValue() + ")";

            CliHarness.Result resumed = new CliHarness(state)
                    .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                    .run("resume", runId);
            JournalContents journal = Journals.read(state, runId);
            Set<String> repeated = CrashPoints.repeatedAfterResume(journal.events(), completedBeforeCrash);
            boolean pangyoFenced = !writable(pair.primary());
            boolean gasanPrimary = "f".equals(pair.standby().superuser().value("SELECT pg_is_in_recovery()"));
            int promotions = gasanPrimary ? timeline(pair.standby()) - timelineBefore : 0;
            figures.row(
                    at,
                    killedWhile,
                    resumed.exitCode(),
                    pangyoFenced && gasanPrimary ? "yes" : "NO",
                    promotions,
                    repeated.isEmpty() ? "none" : repeated);

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(journal.chainVerifies())
                    .as(journal.chainError().orElse(""))
                    .isTrue();
            assertThat(repeated)
                    .as("steps completed before the crash started again after resume")
                    .isEmpty();
            assertThat(pangyoFenced).as("pangyo refuses writes").isTrue();
            assertThat(gasanPrimary).as("gasan is primary").isTrue();
            assertThat(promotions).as("timeline switches on gasan (promotions)").isEqualTo(1);
        }
    }

    /** The server's current timeline: from its WAL file name when it writes WAL, else its last checkpoint's. */
    private static int timeline(PostgresServer server) {
        String inRecovery = server.superuser().value("SELECT pg_is_in_recovery()");
        String hex = "t".equals(inRecovery)
                ? Integer.toHexString(
                        Integer.parseInt(server.superuser().value("SELECT timeline_id FROM pg_control_checkpoint()")))
                : server.superuser().value("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)");
        return Integer.parseInt(hex, 16);
    }

    /** Whether an ordinary session of drctl's user can write on {@code server}. */
    private static boolean writable(PostgresServer server) {
        try {
            server.asDrctl().exec("INSERT INTO crash_probe VALUES (1)");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
