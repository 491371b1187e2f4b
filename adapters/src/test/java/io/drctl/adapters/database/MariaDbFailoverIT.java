package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.MariaDbReplicaSet;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.testing.FakeStepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing and promotion against a real MariaDB primary (site pangyo) and GTID replica (site
 * gasan). Every test changes who is primary, so each gets a fresh pair.
 */
class MariaDbFailoverIT {
    private static final String STEPS = """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-db
              type: db.promote
              needs: [fence-db]
              with: { database: chat, member: gasan, maxLag: { bytes: 65536, time: 30s } }
            """;

    private final DbFenceStepType fence = new DbFenceStepType();
    private final DbPromoteStepType promote = new DbPromoteStepType();
    private MariaDbReplicaSet pair;
    private Plan plan;

    @BeforeEach
    void startPair() {
        pair = MariaDbReplicaSet.start();
        plan = DatabasePlans.load(DatabasePlans.text(
                "mariadb", pair.primary().url(), pair.replica().url(), MariaDbReplicaSet.DRCTL_USER, STEPS));
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    private FakeStepContext.Builder step(String id) {
        return FakeStepContext.forStepOf(plan, id)
                .env(DatabasePlans.PASSWORD_VARIABLE, MariaDbReplicaSet.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(60));
    }

    @Test
    void fence_then_promote_moves_the_primary_and_records_the_gtid_position_and_lag() throws Exception {
        try (Connection app = pair.app(pair.primary()).connect();
                Statement s = app.createStatement()) {
            s.execute("INSERT INTO chat.messages (body) VALUES ('written at pangyo')");

            FakeStepContext fenceCtx = step("fence-db").build();
            Phases.Outcome fenced = Phases.run(fence, fenceCtx);

            assertThat(fenced.succeeded()).as(fenced.toString()).isTrue();
            assertThat(fenceCtx.outputs())
                    .containsEntry("fenced", "proven")
                    .hasEntrySatisfying(
                            "proof", p -> assertThat((String) p).startsWith("read_only = ON for new sessions"))
                    .hasEntrySatisfying(
                            "survivesRestart",
                            r -> assertThat((String) r).startsWith("no: MariaDB cannot persist read_only"));
            assertThat((Integer) fenceCtx.output("sessionsEnded")).isGreaterThanOrEqualTo(1);
            assertThatThrownBy(() -> s.execute("INSERT INTO chat.messages (body) VALUES ('on a killed connection')"))
                    .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(
                        () -> pair.app(pair.primary()).exec("INSERT INTO chat.messages (body) VALUES ('split brain')"))
                .hasMessageContaining("--read-only option");

        FakeStepContext promoteCtx = step("promote-db").build();
        Phases.Outcome promoted = Phases.run(promote, promoteCtx);

        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        String primaryGtid = pair.primary().root().value("SELECT @@global.gtid_binlog_pos");
        assertThat(promoteCtx.outputs())
                .containsEntry("lagBytes", 0L)
                .containsEntry("lagMs", 0L)
                .containsEntry("lagMeasuredFrom", "primary and standby")
                .containsEntry("gtidApplied", primaryGtid)
                .containsEntry("gtidPosition", primaryGtid)
                .containsKeys("binlogFile", "binlogPosition")
                .containsEntry("gtidReceivedBefore", primaryGtid)
                .containsEntry("gtidContinuity", "continuous: the new primary holds every GTID it had received");
        assertThat(pair.replica().root().column("SHOW REPLICA STATUS")).isEmpty();
        assertThat(pair.replica().root().value("SELECT @@global.read_only")).isEqualTo("0");
        pair.app(pair.replica()).exec("INSERT INTO chat.messages (body) VALUES ('written at gasan')");
        assertThat(pair.app(pair.replica())
                        .value("SELECT count(*) FROM chat.messages WHERE body = 'written at pangyo'"))
                .isEqualTo("1");
    }

    @Test
    void running_fence_and_promote_again_is_harmless_and_says_already_done() {
        FakeStepContext fenceCtx = step("fence-db").build();
        assertThat(Phases.run(fence, fenceCtx).succeeded()).isTrue();
        assertThat(Phases.run(
                                promote,
                                step("promote-db")
                                        .outputsOf("fence-db", fenceCtx.outputs())
                                        .build())
                        .succeeded())
                .isTrue();

        Phases.Outcome secondFence = Phases.run(fence, step("fence-db").build());
        FakeStepContext promoteAgain =
                step("promote-db").outputsOf("fence-db", fenceCtx.outputs()).build();
        Phases.Outcome secondPromote = Phases.run(promote, promoteAgain);

        assertThat(secondFence.alreadyDone()).as(secondFence.toString()).isTrue();
        assertThat(secondPromote.alreadyDone()).as(secondPromote.toString()).isTrue();
        assertThat(secondPromote.check().summary())
                .isEqualTo("chat@gasan is already the primary (primary, read_only = OFF)");
        assertThat(promoteAgain.outputs()).containsKey("gtidPosition").containsEntry("alreadyPrimary", true);
    }

    @Test
    void an_unreachable_primary_leaves_the_fence_unproven_and_promotion_needs_acceptance() throws Exception {
        pair.app(pair.primary()).exec("INSERT INTO chat.messages (body) VALUES ('last words of pangyo')");
        pair.awaitCaughtUp();
        pair.primary().stop();

        FakeStepContext fenceCtx = step("fence-db").build();
        Phases.Outcome fenced = Phases.run(fence, fenceCtx);
        // The replica's IO thread lost its primary: what it lacks is unknown, and that is accepted here to reach the
        // split-brain guard.
        Phases.Outcome refused = Phases.run(
                promote,
                step("promote-db")
                        .outputsOf("fence-db", fenceCtx.outputs())
                        .param("acceptDataLoss", true)
                        .build());
        FakeStepContext accepted = step("promote-db")
                .outputsOf("fence-db", fenceCtx.outputs())
                .param("acceptSplitBrainRisk", true)
                .param("acceptDataLoss", true)
                .build();
        Phases.Outcome promoted = Phases.run(promote, accepted);

        assertThat(fenced.succeeded()).as(fenced.toString()).isTrue();
        assertThat(fenceCtx.outputs())
                .containsEntry("fenced", "unproven")
                .hasEntrySatisfying(
                        "reason",
                        r -> assertThat((String) r)
                                .isEqualTo("database chat, member pangyo (127.0.0.1:"
                                        + pair.primary().port() + ") does not answer: connection refused"));
        assertThat(refused.blocked()).as(refused.toString()).isTrue();
        assertThat(refused.check().summary()).startsWith("cannot rule out a split brain: pangyo does not answer");
        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        assertThat(accepted.outputs())
                .containsEntry("splitBrainRiskAcceptedBy", "acceptSplitBrainRisk: true")
                .containsEntry("lagMeasuredFrom", "standby")
                .containsKey("dataLossWindow");
        assertThat(pair.app(pair.replica())
                        .value("SELECT count(*) FROM chat.messages WHERE body = 'last words of pangyo'"))
                .isEqualTo("1");
    }
}
