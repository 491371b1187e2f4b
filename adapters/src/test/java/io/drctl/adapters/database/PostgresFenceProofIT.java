package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import io.drctl.servers.Sql;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a fence can and cannot prove, on a primary of its own per test (a fence changes it). */
class PostgresFenceProofIT {
    private static final String FENCE = """
            - id: fence-pangyo
              type: db.fence
              with: { database: chat, member: pangyo }
            """;

    private PostgresReplicaSet pair;
    private final DbFenceStepType fence = new DbFenceStepType();

    @BeforeEach
    void startPair() {
        pair = PostgresReplicaSet.start();
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    private FakeStepContext fenceStep() {
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "postgresql",
                                pair.primary().url(),
                                pair.standby().url(),
                                PostgresServer.DRCTL_USER,
                                FENCE)),
                        "fence-pangyo")
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void a_role_that_turns_the_read_only_default_off_leaves_the_fence_unproven() throws Exception {
        pair.primary()
                .superuser()
                .exec(
                        "CREATE ROLE app LOGIN PASSWORD 'app-test-password'",
                        "ALTER ROLE app SET default_transaction_read_only = off");
        FakeStepContext ctx = fenceStep();

        Phases.Outcome outcome = Phases.run(fence, ctx);

        assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        assertThat(ctx.outputs())
                .containsEntry("fenced", "unproven")
                .hasEntrySatisfying(
                        "reason",
                        r -> assertThat((String) r)
                                .isEqualTo(
                                        "default_transaction_read_only is on, but ALTER ROLE app SET default_transaction_read_only=off: "
                                                + "sessions of those roles or databases can still write"));
        // The danger is real: the application's role still writes after the server-wide fence.
        new Sql(pair.primary().url(), "app", "app-test-password").exec("CREATE TEMPORARY TABLE still_written (x int)");
    }

    @Test
    void a_fence_without_overrides_is_proven() throws Exception {
        FakeStepContext ctx = fenceStep();

        Phases.Outcome outcome = Phases.run(fence, ctx);

        assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        assertThat(ctx.outputs())
                .containsEntry("fenced", "proven")
                .containsEntry("survivesRestart", "yes: ALTER SYSTEM writes it to postgresql.auto.conf");
    }
}
