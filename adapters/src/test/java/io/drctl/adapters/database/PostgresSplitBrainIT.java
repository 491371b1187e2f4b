package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.spi.RunInfo;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two writable members after the world changed behind drctl's back: a standby promoted by hand,
 * an old primary un-fenced by hand while the run was stopped. Each test gets its own pair.
 */
class PostgresSplitBrainIT {
    private static final String FENCE_THEN_PROMOTE = """
            - id: fence-pangyo
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-db
              type: db.promote
              needs: [fence-pangyo]
              with: { database: chat, member: gasan }
            """;
    private static final String PROMOTE_ONLY = """
            - id: promote-db
              type: db.promote
              with: { database: chat, member: gasan }
            """;
    private static final RunInfo RUN =
            new RunInfo("20261202-1901-chat", "chat-pangyo-to-gasan", "0".repeat(64), Mode.FAILOVER, "tester", "host");

    private PostgresReplicaSet pair;
    private final DbPromoteStepType promote = new DbPromoteStepType();
    private final DbFenceStepType fence = new DbFenceStepType();

    @BeforeEach
    void startPair() {
        pair = PostgresReplicaSet.start();
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    private FakeStepContext.Builder step(String steps, String id) {
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "postgresql",
                                pair.primary().url(),
                                pair.standby().url(),
                                PostgresServer.DRCTL_USER,
                                steps)),
                        id)
                .run(RUN)
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30));
    }

    @Test
    void a_standby_promoted_by_hand_is_not_already_done_while_the_old_primary_accepts_writes() throws Exception {
        pair.standby().superuser().exec("SELECT pg_promote(true, 30)");

        Phases.Outcome outcome =
                Phases.run(promote, step(PROMOTE_ONLY, "promote-db").build());

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .isEqualTo(
                        "chat@gasan is already the primary (primary, accepts writes), but split brain: "
                                + "pangyo (127.0.0.1:" + pair.primary().port()
                                + ") answers and accepts writes: primary, accepts writes, and no "
                                + "db.fence step fenced it in this run. Fence it first (a db.fence step this one needs), or set acceptSplitBrainRisk: true");
    }

    @Test
    void a_standby_promoted_by_hand_is_already_done_once_the_split_brain_risk_is_accepted() throws Exception {
        pair.standby().superuser().exec("SELECT pg_promote(true, 30)");
        FakeStepContext ctx = step(PROMOTE_ONLY, "promote-db")
                .param("acceptSplitBrainRisk", true)
                .build();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(outcome.alreadyDone()).as(outcome.toString()).isTrue();
        assertThat(ctx.outputs())
                .containsEntry("alreadyPrimary", true)
                .containsEntry("splitBrainRiskAcceptedBy", "acceptSplitBrainRisk: true");
    }

    @Test
    void an_old_primary_unfenced_by_hand_after_its_fence_completed_blocks_and_names_the_resume_redo_command()
            throws Exception {
        FakeStepContext fenceCtx = step(FENCE_THEN_PROMOTE, "fence-pangyo").build();
        Phases.Outcome fenced = Phases.run(fence, fenceCtx);
        assertThat(fenced.succeeded()).as(fenced.toString()).isTrue();
        pair.primary().superuser().exec("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
        pair.primary().superuser().await("SHOW default_transaction_read_only", "off"::equals, Duration.ofSeconds(10));
        pair.awaitCaughtUp(); // the lag guard is not what this test is about
        FakeStepContext ctx = step(FENCE_THEN_PROMOTE, "promote-db")
                .outputsOf("fence-pangyo", Map.copyOf(fenceCtx.outputs()))
                .build();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith(
                        "split brain: pangyo (127.0.0.1:" + pair.primary().port()
                                + ") answers and accepts writes: primary, accepts writes, although fenced by fence-pangyo (proven)")
                .endsWith(
                        "Its fence completed earlier in this run but no longer holds: fence it again with "
                                + "drctl resume 20261202-1901-chat --redo fence-pangyo --reason \"...\", or set acceptSplitBrainRisk: true");
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("t");
    }
}
