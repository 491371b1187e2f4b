package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database failover the example plan describes, run by drctl end to end against a real
 * PostgreSQL primary (site pangyo) and streaming standby (site gasan): fence, approve, promote,
 * check. Each test promotes, so each gets a fresh pair.
 */
class DatabaseFailoverCliIT {
    static final String FENCE_APPROVE_PROMOTE = """
            - id: fence-pangyo
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: go-ahead
              type: approval
              needs: [fence-pangyo]
              with: { message: "Promote gasan?" }
            - id: promote-gasan
              type: db.promote
              needs: [go-ahead]
              with: { database: chat, member: gasan, maxLag: { bytes: 16777216, time: 1m } }
            - id: gasan-writable
              type: db.check
              needs: [promote-gasan]
              timeout: 1m
              with: { database: chat, member: gasan, expect: writable }
            """;
    static final String FENCE_PROMOTE = """
            - id: fence-pangyo
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-gasan
              type: db.promote
              needs: [fence-pangyo]
              with: { database: chat, member: gasan }
            """;

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

    private Path plan(String name, String steps) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                DatabasePlans.text(
                        "postgresql", pair.primary().url(), pair.standby().url(), PostgresServer.DRCTL_USER, steps));
        return file;
    }

    private CliHarness drctl(String stateDir) {
        return new CliHarness(dir.resolve(stateDir))
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD);
    }

    private static Map<String, Object> outputsOf(CliHarness drctl, String stepId) throws Exception {
        String runId = Journals.onlyRunId(drctl.stateDir(), Duration.ofSeconds(1));
        return Journals.read(drctl.stateDir(), runId).events().stream()
                .filter(e -> e instanceof StepSucceeded s && s.stepId().equals(stepId))
                .map(e -> ((StepSucceeded) e).outputs())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no success of " + stepId + " in the journal"));
    }

    private static long number(Map<String, Object> outputs, String key) {
        return ((Number) outputs.get(key)).longValue();
    }

    @Test
    void a_plan_fences_pangyo_promotes_gasan_and_the_journal_holds_lsn_timeline_and_lag() throws Exception {
        pair.primary().superuser().exec("INSERT INTO drctl_test_data (payload) VALUES ('written at pangyo')");
        CliHarness drctl = drctl("state");

        CliHarness.Result run =
                drctl.run("run", plan("failover", FENCE_APPROVE_PROMOTE).toString(), "--yes", "--reason", "drill");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(outputsOf(drctl, "fence-pangyo")).containsEntry("fenced", "proven");
        Map<String, Object> promoted = outputsOf(drctl, "promote-gasan");
        assertThat((String) promoted.get("lsn")).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(number(promoted, "timeline")).isEqualTo(2);
        assertThat(number(promoted, "timelineBefore"))
                .as("proven: the promotion started a new timeline")
                .isEqualTo(1);
        assertThat(number(promoted, "lagBytes")).isZero();
        assertThat(number(promoted, "lagMs")).isZero();
        assertThat(promoted)
                .containsEntry("lagMeasuredFrom", "primary and standby")
                .doesNotContainKey("splitBrainRiskAcceptedBy");
        assertThat(outputsOf(drctl, "gasan-writable"))
                .containsEntry("role", "primary")
                .containsEntry("writable", true);
        assertThat(pair.standby()
                        .superuser()
                        .value("SELECT count(*) FROM drctl_test_data WHERE payload = 'written at pangyo'"))
                .isEqualTo("1");
    }

    @Test
    void with_the_old_primary_gone_only_an_approval_after_the_fence_lets_the_promotion_go_on_and_the_record_says_so()
            throws Exception {
        pair.primary().stop();

        CliHarness.Result refused =
                drctl("refused").run("run", plan("no-approval", FENCE_PROMOTE).toString());
        CliHarness approving = drctl("approved");
        CliHarness.Result approved =
                approving.run("run", plan("failover", FENCE_APPROVE_PROMOTE).toString(), "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(refused.out())
                .contains("fence UNPROVEN: database chat, member pangyo (127.0.0.1:"
                        + pair.primary().port() + ") does not answer: connection refused")
                .contains(
                        "chat@gasan cannot be shown to be within the plan's lag limit: the lag is unknown: the WAL receiver of the standby is not streaming");
        assertThat(approved.exitCode()).as(approved.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(outputsOf(approving, "fence-pangyo")).containsEntry("fenced", "unproven");
        assertThat(outputsOf(approving, "promote-gasan"))
                .containsEntry(
                        "splitBrainRiskAcceptedBy",
                        "approval step go-ahead (approved by tester, pre-approved with --yes)")
                .containsEntry(
                        "dataLossAcceptedBy", "approval step go-ahead (approved by tester, pre-approved with --yes)")
                .hasEntrySatisfying(
                        "dataLossWindow", w -> assertThat((String) w).startsWith("unknown: "))
                .containsEntry("lagMeasuredFrom", "standby")
                .containsKey("lsn");
        String runId = Journals.onlyRunId(approving.stateDir(), Duration.ofSeconds(1));
        assertThat(Journals.read(approving.stateDir(), runId).events())
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                RunEvent.StepProgress.class,
                                p -> assertThat(p.message())
                                        .startsWith(
                                                "split-brain risk accepted by approval step go-ahead (approved by tester, pre-approved with --yes): "
                                                        + "pangyo does not answer")));
    }
}
