package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.LoopbackPorts;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lag of a standby measured from the standby alone, because the old primary does not
 * answer: it is known only while the WAL receiver streams and heard from the primary within the
 * limit. Each test gets its own pair, since cutting the receiver off cannot be undone cleanly.
 */
class PostgresUnknownLagIT {
    private static final String PROMOTE = """
            - id: promote-db
              type: db.promote
              with: { database: chat, member: gasan, acceptSplitBrainRisk: true }
            """;

    private PostgresReplicaSet pair;
    private final DbPromoteStepType promote = new DbPromoteStepType();

    @BeforeEach
    void startPair() {
        pair = PostgresReplicaSet.start();
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    /** The promotion step with the old primary at a closed loopback port: it does not answer. */
    private FakeStepContext promotionWithoutThePrimary() {
        String deadPrimary = "jdbc:postgresql://127.0.0.1:" + LoopbackPorts.free() + "/postgres";
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "postgresql", deadPrimary, pair.standby().url(), PostgresServer.DRCTL_USER, PROMOTE)),
                        "promote-db")
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void a_standby_cut_off_from_an_unreachable_primary_has_an_unknown_lag_and_the_promotion_is_refused()
            throws Exception {
        pair.primary().superuser().exec("INSERT INTO drctl_test_data (payload) VALUES ('replicated before the cut')");
        pair.awaitCaughtUp();
        pair.cutReceiver();
        pair.primary().superuser().exec("INSERT INTO drctl_test_data (payload) VALUES ('written after the cut')");
        FakeStepContext ctx = promotionWithoutThePrimary();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith("chat@gasan cannot be shown to be within the plan's lag limit: the lag is unknown: "
                        + "the WAL receiver of the standby is not streaming")
                .contains("any write the primary took after ")
                .contains("Set acceptDataLoss: true, or put an approval step between the fence and this step");
        assertThat(ctx.outputs())
                .containsEntry("lag", "unknown")
                .containsEntry("lagMeasuredFrom", "standby")
                .containsEntry("walReceiver", "not running")
                .doesNotContainKeys("lagBytes", "lagMs")
                .containsKeys("lagUnknownBecause", "dataLoss");
    }

    @Test
    void accepting_the_data_loss_of_a_cut_off_standby_records_an_unknown_data_loss_window_and_who_accepted_it()
            throws Exception {
        pair.cutReceiver();
        FakeStepContext ctx = promotionWithoutThePrimary();
        FakeStepContext accepting = FakeStepContext.forStepOf(ctx.plan(), "promote-db")
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .param("acceptDataLoss", true)
                .deadlineIn(Duration.ofSeconds(30))
                .build();

        CheckResult check = promote.bind(accepting.definition()).check(accepting);

        assertThat(check).as(check.summary()).isInstanceOf(CheckResult.WillChange.class);
        assertThat(accepting.outputs())
                .containsEntry("dataLossAcceptedBy", "acceptDataLoss: true")
                .hasEntrySatisfying(
                        "dataLossWindow", w -> assertThat((String) w).startsWith("unknown: "));
    }

    @Test
    void a_standby_that_streams_and_heard_from_the_primary_just_now_is_within_the_limit_without_the_primary()
            throws Exception {
        pair.primary().superuser().exec("INSERT INTO drctl_test_data (payload) VALUES ('streamed')");
        pair.awaitCaughtUp();
        FakeStepContext ctx = promotionWithoutThePrimary();

        CheckResult check = promote.bind(ctx.definition()).check(ctx);

        assertThat(check).as(check.summary()).isInstanceOf(CheckResult.WillChange.class);
        assertThat(ctx.outputs())
                .containsEntry("walReceiver", "streaming")
                .containsKey("lastHeardFromPrimaryAt")
                .containsEntry("lagMeasuredFrom", "standby")
                .hasEntrySatisfying(
                        "dataLossWindow", w -> assertThat((String) w).doesNotStartWith("unknown"))
                .doesNotContainKey("dataLossAcceptedBy");
    }
}
