package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world changed while the run was stopped: someone un-fenced the old primary by hand. The
 * promotion refuses and names the command that fences it again; that command exists and works,
 * against a real PostgreSQL pair.
 */
class RedoFenceCliIT {
    @TempDir
    Path dir;

    private PostgresReplicaSet pair;

    @BeforeEach
    void startPair() {
        pair = PostgresReplicaSet.start();
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    @Test
    void after_an_unfence_by_hand_promote_names_resume_redo_and_that_command_fences_again_and_promotes()
            throws Exception {
        Path go = dir.resolve("GO");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                DatabasePlans.text(
                        "postgresql",
                        pair.primary().url(),
                        pair.standby().url(),
                        PostgresServer.DRCTL_USER,
                        """
                - id: fence-pangyo
                  type: db.fence
                  with: { database: chat, member: pangyo }
                - id: gate
                  type: exec
                  needs: [fence-pangyo]
                  with: { command: [test, -f, "%s"] }
                - id: promote-gasan
                  type: db.promote
                  needs: [gate]
                  with: { database: chat, member: gasan, maxLag: { bytes: 16777216, time: 1m } }
                """.formatted(go)));
        CliHarness drctl = new CliHarness(dir.resolve("state"))
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD);
        assertThat(drctl.run("run", plan.toString()).exitCode()).isEqualTo(ExitCode.STEP_FAILED.code());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        // while the run is stopped, someone makes pangyo writable again
        pair.primary().superuser().exec("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
        Files.writeString(go, "");

        CliHarness.Result blocked = drctl.run("resume", runId);
        String named = "drctl resume " + runId + " --redo fence-pangyo --reason \"...\"";
        CliHarness.Result redone =
                drctl.run("resume", runId, "--redo", "fence-pangyo", "--reason", "pangyo was unfenced by hand");

        assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(blocked.out() + blocked.err()).contains(named);
        assertThat(redone.exitCode()).as(redone.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("f");
        assertThat(pair.primary().superuser().value("SHOW default_transaction_read_only"))
                .isEqualTo("on");
    }

    @Test
    void a_fence_skipped_at_a_resume_counts_as_unproven_so_the_promotion_needs_the_risk_accepted() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                DatabasePlans.text(
                        "postgresql", pair.primary().url(), pair.standby().url(), PostgresServer.DRCTL_USER, """
                - id: fence-pangyo
                  type: db.fence
                  with: { database: chat, member: pangyo, ifUnproven: stop }
                - id: promote-gasan
                  type: db.promote
                  needs: [fence-pangyo]
                  with: { database: chat, member: gasan, acceptDataLoss: true }
                """));
        CliHarness drctl = new CliHarness(dir.resolve("state"))
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD);
        pair.primary().stop(); // pangyo is gone: its fence cannot be proven, and the plan says stop for a person
        assertThat(drctl.run("run", plan.toString()).exitCode()).isEqualTo(ExitCode.NEEDS_HUMAN.code());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));

        CliHarness.Result skipped =
                drctl.run("resume", runId, "--skip", "fence-pangyo", "--reason", "pangyo burned down");

        // Skipping is not proving: the promotion still wants the split-brain risk accepted (data loss is, here).
        assertThat(skipped.exitCode()).as(skipped.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(skipped.out() + skipped.err()).contains("no db.fence step fenced it in this run");
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("t");
    }
}
