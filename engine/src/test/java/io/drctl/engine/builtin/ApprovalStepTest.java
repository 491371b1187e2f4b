package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.StepThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalStepTest {
    private final ApprovalStepType type = new ApprovalStepType();

    private FakeStepContext.Builder asking(String message) {
        return FakeStepContext.forType(type).param("message", message);
    }

    @Test
    void check_says_what_it_will_ask_without_asking() throws Exception {
        List<String> asked = new ArrayList<>();
        FakeStepContext ctx = asking("Move traffic?")
                .approvals(m -> {
                    asked.add(m);
                    throw new AssertionError("check must not ask");
                })
                .build();

        assertThat(type.bind(ctx.definition()).check(ctx)).isEqualTo(CheckResult.readOnly("will ask: Move traffic?"));
        assertThat(asked).isEmpty();
    }

    @Test
    void an_approval_records_who_how_when_and_the_comment() throws Exception {
        Instant before = Instant.now();
        FakeStepContext ctx = asking("Move traffic?")
                .approvedBy("alice", "drctl approve", "lag is 0")
                .build();

        type.bind(ctx.definition()).apply(ctx);

        assertThat(ctx.outputs())
                .containsEntry("approvedBy", "alice")
                .containsEntry("how", "drctl approve")
                .containsEntry("comment", "lag is 0");
        assertThat(Instant.parse((String) ctx.output("at"))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(ctx.progressMessages())
                .as("the engine's approval events speak for it")
                .isEmpty();
    }

    @Test
    void a_denial_is_a_safety_gate_naming_who_denied_and_why() {
        FakeStepContext ctx = asking("Move traffic?")
                .deniedBy("bob", "replication lag too high")
                .build();

        assertThatThrownBy(() -> type.bind(ctx.definition()).apply(ctx))
                .isInstanceOf(SafetyGateException.class)
                .hasMessage("approval denied by bob: replication lag too high");
    }

    @Test
    void a_denial_without_comment_says_only_who() {
        FakeStepContext ctx = asking("Move traffic?").deniedBy("bob", null).build();

        assertThatThrownBy(() -> type.bind(ctx.definition()).apply(ctx)).hasMessage("approval denied by bob");
    }

    @Test
    void waits_until_interrupted_when_nobody_answers() throws Exception {
        FakeStepContext ctx = asking("Move traffic?").build();
        StepThread apply = StepThread.start("approval", () -> {
            type.bind(ctx.definition()).apply(ctx);
            return null;
        });
        Thread.sleep(200);
        assertThat(apply.isRunning()).isTrue();

        apply.interrupt();

        assertThat(apply.awaitEnd(Duration.ofSeconds(5))).isInstanceOf(InterruptedException.class);
        assertThat(ctx.outputs()).isEmpty();
    }

    @Test
    void running_out_of_time_is_a_safety_gate_after_thirty_minutes_by_default() {
        assertThat(type.defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(type.onTimeout()).isEqualTo(StepType.TimeoutMeaning.BLOCKED);
    }
}
