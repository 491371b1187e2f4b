package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drctl's exit code 3 for the dangerous promotions, against one real PostgreSQL pair shared by
 * the class: nothing here gets to promote or fence, so the pair stays as it was.
 */
class DatabaseGuardsCliIT {
    private static PostgresReplicaSet pair;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPair() {
        pair = PostgresReplicaSet.start();
    }

    @AfterAll
    static void stopPair() {
        pair.close();
    }

    @AfterEach
    void pairIsAsItWas() throws Exception {
        pair.standby().superuser().exec("SELECT pg_wal_replay_resume()");
        pair.awaitCaughtUp();
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("t");
    }

    private Path plan(String steps) throws Exception {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(
                file,
                DatabasePlans.text(
                        "postgresql", pair.primary().url(), pair.standby().url(), PostgresServer.DRCTL_USER, steps));
        return file;
    }

    private CliHarness drctl() {
        return new CliHarness(dir.resolve("state")).env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD);
    }

    private StepFailed failureOf(CliHarness drctl, String stepId) throws Exception {
        String runId = Journals.onlyRunId(drctl.stateDir(), Duration.ofSeconds(1));
        return Journals.read(drctl.stateDir(), runId).events().stream()
                .filter(e -> e instanceof StepFailed f && f.stepId().equals(stepId))
                .map(StepFailed.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failure of " + stepId + " in the journal"));
    }

    @Test
    void promoting_while_the_old_primary_accepts_writes_ends_the_run_with_exit_3_and_says_why() throws Exception {
        CliHarness drctl = drctl();

        CliHarness.Result run = drctl.run("run", plan("""
                - id: promote-gasan
                  type: db.promote
                  with: { database: chat, member: gasan }
                """).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(run.out())
                .contains("split brain: pangyo (127.0.0.1:" + pair.primary().port() + ") answers and accepts writes");
        assertThat(failureOf(drctl, "promote-gasan").kind()).isEqualTo(FailureKind.BLOCKED);
    }

    @Test
    void a_lagging_standby_ends_the_run_with_exit_3_and_the_record_keeps_the_lag() throws Exception {
        pair.standby().superuser().exec("SELECT pg_wal_replay_pause()");
        pair.primary()
                .superuser()
                .exec("INSERT INTO drctl_test_data (payload) SELECT md5(i::text) FROM generate_series(1, 20000) i");
        CliHarness drctl = drctl();

        CliHarness.Result run = drctl.run("run", plan("""
                - id: promote-gasan
                  type: db.promote
                  with: { database: chat, member: gasan, maxLag: { bytes: 65536 }, acceptSplitBrainRisk: true }
                """).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(run.out()).contains("chat@gasan is further behind than the plan allows");
        StepFailed failed = failureOf(drctl, "promote-gasan");
        assertThat(failed.kind()).isEqualTo(FailureKind.BLOCKED);
        assertThat(((Number) failed.outputs().get("lagBytes")).longValue()).isGreaterThan(65536);
        assertThat(failed.outputs())
                .containsEntry("replayPaused", true)
                .containsKeys("primaryLsn", "standbyReplayedLsn");
    }

    @Test
    void drctl_plan_previews_fence_and_promotion_without_changing_anything() throws Exception {
        CliHarness.Result preview = drctl().run(
                        "plan",
                        plan(DatabaseFailoverCliIT.FENCE_APPROVE_PROMOTE).toString());

        assertThat(preview.exitCode()).as(preview.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(preview.out())
                .contains("will fence chat@pangyo (now primary, accepts writes)")
                .contains("will promote chat@gasan (now standby (in recovery))")
                .contains("pangyo: primary, accepts writes now; fence-pangyo fences it first");
        pair.primary().asDrctl().exec("INSERT INTO drctl_test_data (payload) VALUES ('still the primary')");
    }
}
