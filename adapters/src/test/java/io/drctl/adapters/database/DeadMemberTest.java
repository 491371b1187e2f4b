package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.NeedsHumanException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.LoopbackPorts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The db.* steps against members nothing listens for: what a site that burned looks like from the outside. */
class DeadMemberTest {
    private static final String STEPS = """
            - id: fence-continue
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: fence-stop
              type: db.fence
              with: { database: chat, member: pangyo, ifUnproven: stop }
            - id: check-gasan
              type: db.check
              with: { database: chat, member: gasan, interval: 100ms }
            """;

    private final int deadPort = LoopbackPorts.free();

    private FakeStepContext.Builder step(String engine, String id) {
        String url = (engine.equals("postgresql")
                ? "jdbc:postgresql://127.0.0.1:" + deadPort + "/chat"
                : "jdbc:mariadb://127.0.0.1:" + deadPort + "/");
        return FakeStepContext.forStepOf(DatabasePlans.load(DatabasePlans.text(engine, url, url, "drctl", STEPS)), id)
                .env(DatabasePlans.PASSWORD_VARIABLE, "pw")
                .deadlineIn(Duration.ofSeconds(5));
    }

    @Test
    void a_fence_of_a_dead_member_succeeds_as_unproven_by_default_and_says_what_a_promotion_then_needs() {
        FakeStepContext ctx = step("postgresql", "fence-continue").build();

        Phases.Outcome outcome = Phases.run(new DbFenceStepType(), ctx);

        assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        assertThat(outcome.check()).isInstanceOf(CheckResult.WillChange.class);
        assertThat(ctx.outputs())
                .containsEntry("fenced", "unproven")
                .containsEntry("database", "chat")
                .containsEntry("member", "pangyo")
                .containsEntry(
                        "reason",
                        "database chat, member pangyo (127.0.0.1:" + deadPort
                                + ") does not answer: connection refused");
        assertThat(ctx.progressMessages())
                .containsExactly("fence UNPROVEN: database chat, member pangyo (127.0.0.1:" + deadPort
                        + ") does not answer: connection refused; a db.promote of chat now goes on only with acceptSplitBrainRisk: true "
                        + "or an approval step after this one");
    }

    @Test
    void with_if_unproven_stop_the_run_ends_for_a_human() {
        Phases.Outcome outcome =
                Phases.run(new DbFenceStepType(), step("mariadb", "fence-stop").build());

        assertThat(outcome.failure())
                .isInstanceOf(NeedsHumanException.class)
                .hasMessage(
                        "fencing chat@pangyo is unproven: database chat, member pangyo (127.0.0.1:" + deadPort
                                + ") does not answer: connection refused; make sure it cannot accept writes, then resume or run the plan again");
    }

    @Test
    void a_check_of_a_member_that_never_answers_ends_as_unreachable_for_if_unreachable_to_act_on() {
        Phases.Outcome outcome = Phases.run(
                new DbCheckStepType(),
                step("postgresql", "check-gasan")
                        .deadlineIn(Duration.ofSeconds(1))
                        .build());

        assertThat(outcome.check().summary())
                .isEqualTo("will wait until chat@gasan answers (now: database chat, member gasan (127.0.0.1:" + deadPort
                        + ") does not answer: connection refused)");
        assertThat(outcome.failure())
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageStartingWith("chat@gasan did not become what was expected (answers) before the deadline (");
    }
}
