package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing and promotion against a real PostgreSQL primary (site pangyo) and streaming standby
 * (site gasan). Every test changes who is primary, so each gets a fresh pair (about 2 s).
 */
class PostgresFailoverIT {
    private static final String STEPS = """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: go-ahead
              type: approval
              needs: [fence-db]
              with: { message: "pangyo fenced (or not). Promote gasan?" }
            - id: promote-db
              type: db.promote
              needs: [fence-db]
              with: { database: chat, member: gasan, maxLag: { bytes: 1048576, time: 30s } }
            - id: promote-after-approval
              type: db.promote
              needs: [go-ahead]
              with: { database: chat, member: gasan, maxLag: { bytes: 1048576, time: 30s } }
            """;

    private final DbFenceStepType fence = new DbFenceStepType();
    private final DbPromoteStepType promote = new DbPromoteStepType();
    private PostgresReplicaSet pair;
    private Plan plan;

    @BeforeEach
    void startPair() {
        pair = PostgresReplicaSet.start();
        plan = DatabasePlans.load(DatabasePlans.text(
                "postgresql", pair.primary().url(), pair.standby().url(), PostgresServer.DRCTL_USER, STEPS));
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    private FakeStepContext.Builder step(String id) {
        return FakeStepContext.forStepOf(plan, id)
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(60));
    }

    @Test
    void fence_then_promote_moves_the_primary_and_records_lsn_timeline_and_lag() throws Exception {
        pair.primary().superuser().exec("INSERT INTO drctl_test_data (payload) VALUES ('written at pangyo')");
        pair.awaitCaughtUp();

        FakeStepContext fenceCtx = step("fence-db").build();
        Phases.Outcome fenced = Phases.run(fence, fenceCtx);
        assertThat(fenced.succeeded()).as(fenced.toString()).isTrue();
        assertThat(fenceCtx.outputs())
                .containsEntry("fenced", "proven")
                .hasEntrySatisfying("proof", p -> assertThat((String) p).contains("SQLSTATE 25006"));

        FakeStepContext promoteCtx =
                step("promote-db").outputsOf("fence-db", fenceCtx.outputs()).build();
        Phases.Outcome promoted = Phases.run(promote, promoteCtx);

        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        assertThat(promoteCtx.outputs())
                .containsEntry("timeline", 2L)
                .containsEntry("lagBytes", 0L)
                .containsEntry("lagMs", 0L)
                .containsEntry("lagMeasuredFrom", "primary and standby")
                .containsKeys("lsn", "standbyReplayedLsn", "primaryLsn")
                .doesNotContainKeys("dataLossAcceptedBy", "splitBrainRiskAcceptedBy");
        assertThat((String) promoteCtx.output("lsn")).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("f");
        pair.standby().asDrctl().exec("INSERT INTO drctl_test_data (payload) VALUES ('written at gasan')");
        assertThat(pair.standby()
                        .asDrctl()
                        .value("SELECT count(*) FROM drctl_test_data WHERE payload = 'written at pangyo'"))
                .isEqualTo("1");
        assertThatThrownBy(() ->
                        pair.primary().asDrctl().exec("INSERT INTO drctl_test_data (payload) VALUES ('split brain')"))
                .hasMessageContaining("read-only transaction");
    }

    @Test
    void running_fence_and_promote_again_is_harmless_and_says_already_done() throws Exception {
        FakeStepContext fenceCtx = step("fence-db").build();
        assertThat(Phases.run(fence, fenceCtx).succeeded()).isTrue();
        assertThat(Phases.run(
                                promote,
                                step("promote-db")
                                        .outputsOf("fence-db", fenceCtx.outputs())
                                        .build())
                        .succeeded())
                .isTrue();
        String lsnAfterFirstRun = pair.standby().superuser().value("SELECT pg_current_wal_lsn()::text");

        FakeStepContext fenceAgain = step("fence-db").build();
        Phases.Outcome secondFence = Phases.run(fence, fenceAgain);
        FakeStepContext promoteAgain =
                step("promote-db").outputsOf("fence-db", fenceAgain.outputs()).build();
        Phases.Outcome secondPromote = Phases.run(promote, promoteAgain);

        assertThat(secondFence.alreadyDone()).as(secondFence.toString()).isTrue();
        assertThat(secondFence.check().summary())
                .startsWith("chat@pangyo is already fenced: default_transaction_read_only = on");
        assertThat(fenceAgain.outputs()).containsEntry("fenced", "proven");
        assertThat(secondPromote.alreadyDone()).as(secondPromote.toString()).isTrue();
        assertThat(secondPromote.check().summary())
                .isEqualTo("chat@gasan is already the primary (primary, accepts writes)");
        assertThat(promoteAgain.outputs()).containsEntry("timeline", 2L).containsEntry("alreadyPrimary", true);
        assertThat(pair.standby()
                        .superuser()
                        .value("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsnAfterFirstRun + "') < 1000000"))
                .as("a second promotion would have started timeline 3 and a new history")
                .isEqualTo("t");
    }

    @Test
    void fencing_ends_the_sessions_applications_hold_open() throws Exception {
        try (Connection app = pair.primary().asDrctl().connect();
                Statement s = app.createStatement()) {
            s.execute("INSERT INTO drctl_test_data (payload) VALUES ('app before the fence')");

            FakeStepContext fenceCtx = step("fence-db").build();
            assertThat(Phases.run(fence, fenceCtx).succeeded()).isTrue();

            assertThat((Integer) fenceCtx.output("sessionsEnded")).isGreaterThanOrEqualTo(1);
            assertThatThrownBy(() -> s.execute("INSERT INTO drctl_test_data (payload) VALUES ('app after the fence')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("terminat");
        }
    }

    @Test
    void a_stopped_old_primary_leaves_the_fence_unproven_and_promotion_needs_acceptance() throws Exception {
        pair.primary().stop();

        FakeStepContext fenceCtx = step("fence-db").build();
        long started = System.nanoTime();
        Phases.Outcome fenced = Phases.run(fence, fenceCtx);
        Duration fencing = Duration.ofNanos(System.nanoTime() - started);

        assertThat(fenced.succeeded()).as(fenced.toString()).isTrue();
        assertThat(fenceCtx.outputs())
                .containsEntry("fenced", "unproven")
                .hasEntrySatisfying(
                        "reason",
                        r -> assertThat((String) r)
                                .startsWith("database chat, member pangyo (127.0.0.1:"
                                        + pair.primary().port() + ") does not answer: connection refused"));
        assertThat(fenceCtx.progressMessages()).anySatisfy(p -> assertThat(p).startsWith("fence UNPROVEN: "));
        assertThat(fencing).isLessThan(Duration.ofSeconds(10));

        Phases.Outcome lagUnknown = Phases.run(
                promote,
                step("promote-db").outputsOf("fence-db", fenceCtx.outputs()).build());
        assertThat(lagUnknown.blocked()).as(lagUnknown.toString()).isTrue();
        assertThat(lagUnknown.check().summary())
                .startsWith("chat@gasan cannot be shown to be within the plan's lag limit: "
                        + "the lag is unknown: the WAL receiver of the standby is not streaming");

        Phases.Outcome refused = Phases.run(
                promote,
                step("promote-db")
                        .outputsOf("fence-db", fenceCtx.outputs())
                        .param("acceptDataLoss", true)
                        .build());
        assertThat(refused.blocked()).as(refused.toString()).isTrue();
        assertThat(refused.check().summary())
                .startsWith("cannot rule out a split brain: pangyo does not answer (")
                .contains("fence-db recorded its fence as unproven")
                .endsWith("Put an approval step between the fence and this step, or set acceptSplitBrainRisk: true");
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("t");

        FakeStepContext accepted = step("promote-db")
                .outputsOf("fence-db", fenceCtx.outputs())
                .param("acceptSplitBrainRisk", true)
                .param("acceptDataLoss", true)
                .build();
        Phases.Outcome promoted = Phases.run(promote, accepted);
        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        assertThat(accepted.outputs())
                .containsEntry("splitBrainRiskAcceptedBy", "acceptSplitBrainRisk: true")
                .containsEntry("dataLossAcceptedBy", "acceptDataLoss: true")
                .hasEntrySatisfying(
                        "dataLossWindow", w -> assertThat((String) w).startsWith("unknown: "))
                .containsEntry("lagMeasuredFrom", "standby")
                .containsEntry("timeline", 2L)
                .hasEntrySatisfying(
                        "splitBrainRisk", r -> assertThat((String) r).startsWith("pangyo does not answer"));
        assertThat(accepted.progressMessages())
                .anySatisfy(p -> assertThat(p).startsWith("split-brain risk accepted by acceptSplitBrainRisk: true"));
    }

    @Test
    void an_approval_after_an_unproven_fence_lets_the_promotion_go_on_and_the_record_names_the_approver()
            throws Exception {
        pair.primary().stop();
        FakeStepContext fenceCtx = step("fence-db").build();
        assertThat(Phases.run(fence, fenceCtx).succeeded()).isTrue();

        FakeStepContext promoteCtx = step("promote-after-approval")
                .outputsOf("fence-db", fenceCtx.outputs())
                .outputsOf("go-ahead", Map.of("approvedBy", "incident-commander", "how", "drctl approve"))
                .build();
        Phases.Outcome promoted = Phases.run(promote, promoteCtx);

        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        assertThat(promoteCtx.outputs())
                .containsEntry(
                        "splitBrainRiskAcceptedBy",
                        "approval step go-ahead (approved by incident-commander, drctl approve)");
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("f");
    }

    @Test
    void a_lagging_standby_is_promoted_only_when_the_data_loss_is_accepted_and_the_record_says_how_much()
            throws Exception {
        pair.standby().superuser().exec("SELECT pg_wal_replay_pause()");
        pair.primary()
                .superuser()
                .exec("INSERT INTO drctl_test_data (payload) SELECT md5(i::text) FROM generate_series(1, 40000) i");
        FakeStepContext fenceCtx = step("fence-db").build();
        assertThat(Phases.run(fence, fenceCtx).succeeded()).isTrue();

        Phases.Outcome refused = Phases.run(
                promote,
                step("promote-db").outputsOf("fence-db", fenceCtx.outputs()).build());
        FakeStepContext accepted = step("promote-db")
                .outputsOf("fence-db", fenceCtx.outputs())
                .param("acceptDataLoss", true)
                .build();
        Phases.Outcome promoted = Phases.run(promote, accepted);

        assertThat(refused.blocked()).as(refused.toString()).isTrue();
        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        assertThat(accepted.outputs())
                .containsEntry("dataLossAcceptedBy", "acceptDataLoss: true")
                .containsEntry("replayPaused", true)
                .containsEntry("timeline", 2L)
                .hasEntrySatisfying("lagBytes", b -> assertThat((Long) b).isGreaterThan(1_048_576L))
                .hasEntrySatisfying(
                        "dataLoss",
                        d -> assertThat((String) d).matches("[0-9.]+ MiB behind, over 1.0 MiB.*\\(maxLag\\)"));
    }
}
