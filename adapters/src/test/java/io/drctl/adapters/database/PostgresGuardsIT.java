package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.adapters.database.testing.SilentServer;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards, checks and unreachable members against one real PostgreSQL primary and standby shared
 * by the class: nothing here may promote or fence, and every test leaves the pair as it found it.
 */
class PostgresGuardsIT {
    private static final String PROMOTE_WITHOUT_FENCE = """
            - id: promote-db
              type: db.promote
              with: { database: chat, member: gasan, maxLag: { bytes: 65536 } }
            - id: gasan-standby
              type: db.check
              with: { database: chat, member: gasan, expect: standby, query: "SELECT count(*) FROM drctl_test_data WHERE id = 1", equals: "1" }
            - id: pangyo-writable
              type: db.check
              with: { database: chat, member: pangyo, expect: writable, interval: 100ms }
            - id: gasan-writable
              type: db.check
              with: { database: chat, member: gasan, expect: writable, interval: 100ms }
            """;
    private static final String FENCE_APPROVE_PROMOTE = """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: go-ahead
              type: approval
              needs: [fence-db]
              with: { message: "Promote gasan?" }
            - id: promote-db
              type: db.promote
              needs: [go-ahead]
              with: { database: chat, member: gasan, maxLag: { bytes: 65536 } }
            """;

    private static PostgresReplicaSet pair;
    private final DbPromoteStepType promote = new DbPromoteStepType();
    private final DbCheckStepType dbCheck = new DbCheckStepType();
    private final DbFenceStepType fence = new DbFenceStepType();

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
        assertThat(pair.primary().superuser().value("SHOW default_transaction_read_only"))
                .isEqualTo("off");
    }

    private static FakeStepContext.Builder step(String steps, String id) {
        return step(steps, id, pair.primary().url(), pair.standby().url());
    }

    private static FakeStepContext.Builder step(String steps, String id, String pangyoUrl, String gasanUrl) {
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "postgresql", pangyoUrl, gasanUrl, PostgresServer.DRCTL_USER, steps)),
                        id)
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30));
    }

    @Test
    void promotion_is_refused_while_the_old_primary_accepts_writes_and_was_not_fenced() {
        Phases.Outcome outcome =
                Phases.run(promote, step(PROMOTE_WITHOUT_FENCE, "promote-db").build());

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .isEqualTo("split brain: pangyo (127.0.0.1:" + pair.primary().port()
                        + ") answers and accepts writes: primary, accepts writes, and no db.fence step fenced it in this run. "
                        + "Fence it first (a db.fence step this one needs), or set acceptSplitBrainRisk: true");
    }

    @Test
    void the_lag_guard_stops_a_promotion_when_the_standby_is_behind_and_records_what_it_measured() throws Exception {
        pair.standby().superuser().exec("SELECT pg_wal_replay_pause()");
        pair.primary()
                .superuser()
                .exec("INSERT INTO drctl_test_data (payload) SELECT md5(i::text) FROM generate_series(1, 20000) i");
        FakeStepContext ctx = step(PROMOTE_WITHOUT_FENCE, "promote-db")
                .param("acceptSplitBrainRisk", true)
                .build();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith("chat@gasan is further behind than the plan allows: ")
                .contains(" behind, over 64.0 KiB (maxLag); promoting now loses that data. Set acceptDataLoss: true");
        assertThat(ctx.outputs())
                .containsEntry("replayPaused", true)
                .containsEntry("lagMeasuredFrom", "primary and standby")
                .hasEntrySatisfying("lagBytes", b -> assertThat((Long) b).isGreaterThan(500_000L))
                .containsKeys("primaryLsn", "standbyReceivedLsn", "standbyReplayedLsn");
    }

    @Test
    void an_approval_after_the_fence_accepts_the_lag_and_check_says_who_approved() throws Exception {
        pair.standby().superuser().exec("SELECT pg_wal_replay_pause()");
        pair.primary()
                .superuser()
                .exec("INSERT INTO drctl_test_data (payload) SELECT md5(i::text) FROM generate_series(1, 20000) i");
        FakeStepContext ctx = step(FENCE_APPROVE_PROMOTE, "promote-db")
                .outputsOf(
                        "fence-db",
                        Map.of(
                                "fenced",
                                "proven")) // the old primary is writable: a proven fence is what the run would have
                .outputsOf("go-ahead", Map.of("approvedBy", "alice"))
                .param("acceptSplitBrainRisk", true)
                .build();

        CheckResult check = promote.bind(ctx.definition()).check(ctx);

        assertThat(check).isInstanceOf(CheckResult.WillChange.class);
        assertThat(((CheckResult.WillChange) check).changes())
                .anySatisfy(c -> assertThat(c)
                        .startsWith("data loss (")
                        .contains("accepted by approval step go-ahead (approved by alice)"));
        assertThat(ctx.outputs()).containsEntry("dataLossAcceptedBy", "approval step go-ahead (approved by alice)");
    }

    @Test
    void a_preview_says_the_fence_will_come_first_instead_of_refusing() throws Exception {
        FakeStepContext ctx =
                step(FENCE_APPROVE_PROMOTE, "promote-db").preview().build();

        CheckResult check = promote.bind(ctx.definition()).check(ctx);

        assertThat(check).as(check.summary()).isInstanceOf(CheckResult.WillChange.class);
        assertThat(check.summary()).isEqualTo("will promote chat@gasan (now standby (in recovery))");
        assertThat(((CheckResult.WillChange) check).changes())
                .contains("pangyo: primary, accepts writes now; fence-db fences it first")
                .anySatisfy(
                        c -> assertThat(c)
                                .matches(
                                        "SELECT pg_promote\\(true, (29|30)\\): end recovery, take over as primary on a new timeline"));
    }

    @Test
    void checking_a_fence_changes_nothing() throws Exception {
        FakeStepContext ctx = step(FENCE_APPROVE_PROMOTE, "fence-db").build();

        CheckResult check = fence.bind(ctx.definition()).check(ctx);

        assertThat(check.summary()).isEqualTo("will fence chat@pangyo (now primary, accepts writes)");
        pair.primary().asDrctl().exec("INSERT INTO drctl_test_data (payload) VALUES ('still writable')");
    }

    @Test
    void db_check_sees_the_role_and_a_query_value() {
        FakeStepContext standby = step(PROMOTE_WITHOUT_FENCE, "gasan-standby").build();
        FakeStepContext primary = step(PROMOTE_WITHOUT_FENCE, "pangyo-writable").build();

        Phases.Outcome standbyCheck = Phases.run(dbCheck, standby);
        Phases.Outcome primaryCheck = Phases.run(dbCheck, primary);

        assertThat(standbyCheck.succeeded()).as(standbyCheck.toString()).isTrue();
        assertThat(standbyCheck.check().summary())
                .isEqualTo(
                        "will wait until chat@gasan is a standby and "
                                + "SELECT count(*) FROM drctl_test_data WHERE id = 1 gives 1 (now: standby (in recovery), value 1)");
        assertThat(standby.outputs())
                .containsEntry("role", "standby")
                .containsEntry("writable", false)
                .containsEntry("value", "1");
        assertThat(primaryCheck.succeeded()).as(primaryCheck.toString()).isTrue();
        assertThat(primary.outputs()).containsEntry("role", "primary").containsEntry("writable", true);
    }

    @Test
    void db_check_fails_with_the_last_observation_when_the_expectation_never_holds() {
        Phases.Outcome outcome = Phases.run(
                dbCheck,
                step(PROMOTE_WITHOUT_FENCE, "gasan-writable")
                        .deadlineIn(Duration.ofSeconds(2))
                        .build());

        assertThat(outcome.failure())
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith(
                        "chat@gasan did not become what was expected (accepts writes) before the deadline (")
                .hasMessageEndingWith("; last: standby (in recovery)");
    }

    @Test
    void an_unreachable_standby_is_reported_naming_database_and_member_within_seconds() throws Exception {
        int deadPort = io.drctl.servers.LoopbackPorts.free();
        FakeStepContext ctx = step(
                        PROMOTE_WITHOUT_FENCE,
                        "promote-db",
                        pair.primary().url(),
                        "jdbc:postgresql://127.0.0.1:" + deadPort + "/postgres")
                .build();

        assertThatThrownBy(() -> promote.bind(ctx.definition()).check(ctx))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage(
                        "database chat, member gasan (127.0.0.1:" + deadPort + ") does not answer: connection refused");
    }

    @Test
    void a_member_that_accepts_connections_but_never_answers_costs_the_connect_timeout_not_minutes() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            FakeStepContext ctx = step(
                            PROMOTE_WITHOUT_FENCE,
                            "gasan-writable",
                            pair.primary().url(),
                            "jdbc:postgresql://127.0.0.1:" + silent.port() + "/postgres")
                    .deadlineIn(Duration.ofSeconds(1))
                    .build();
            long started = System.nanoTime();

            Phases.Outcome outcome = Phases.run(dbCheck, ctx);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(outcome.failure())
                    .isInstanceOf(TargetUnreachableException.class)
                    .hasMessageContaining(
                            "database chat, member gasan (127.0.0.1:" + silent.port() + ") does not answer");
            assertThat(took)
                    .as("two probes (check, verify) bounded by connectTimeout 2s each")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_wrong_password_is_a_failure_of_the_step_not_an_unreachable_member() {
        FakeStepContext ctx = step(PROMOTE_WITHOUT_FENCE, "promote-db")
                .env(DatabasePlans.PASSWORD_VARIABLE, "wrong")
                .build();

        assertThatThrownBy(() -> promote.bind(ctx.definition()).check(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("database chat, member gasan (127.0.0.1:"
                        + pair.standby().port() + ") refused the login of its user: ")
                .hasMessageNotContaining("wrong");
    }
}
