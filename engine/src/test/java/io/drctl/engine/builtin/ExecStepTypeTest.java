package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.RecordingPlanValidation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecStepTypeTest {
    private final ExecStepType type = new ExecStepType();

    private List<String> errorsOf(FakeStepContext.Builder step) {
        RecordingPlanValidation validation = new RecordingPlanValidation();
        type.validate(step.build().definition(), validation);
        return validation.errors();
    }

    @Test
    void a_valid_step_has_no_errors() {
        assertThat(errorsOf(FakeStepContext.forType(type)
                        .param("command", List.of("ls", "-l"))
                        .param("env", Map.of("A", "b"))))
                .isEmpty();
    }

    @Test
    void in_shell_mode_each_command_must_be_one_string() {
        assertThat(errorsOf(FakeStepContext.forType(type)
                        .param("shell", true)
                        .param("command", List.of("echo", "hi"))
                        .param("check", List.of("true"))
                        .param("verify", List.of("test", "-f", "x"))))
                .containsExactly(
                        "command: with shell: true, command must be one string (the script for sh -c), not 2",
                        "verify: with shell: true, verify must be one string (the script for sh -c), not 3");
    }

    @Test
    void env_cannot_override_the_drctl_variables() {
        assertThat(errorsOf(FakeStepContext.forType(type)
                        .param("command", List.of("true"))
                        .param("env", Map.of("DRCTL_MODE", "failover"))))
                .containsExactly("env.DRCTL_MODE: DRCTL_* variables are set by drctl itself");
    }

    @Test
    void the_kill_grace_period_must_end_before_the_engine_stops_waiting_for_clean_up() {
        assertThat(errorsOf(FakeStepContext.forType(type)
                        .param("command", List.of("true"))
                        .param("killGracePeriod", Duration.ofSeconds(25))))
                .containsExactly(
                        "killGracePeriod: at most 20s: drctl waits only so long for an interrupted step to clean up");
    }

    @Test
    void commands_are_shown_quoted_like_a_shell_would_need_them() {
        assertThat(CommandLine.quote("plain-word_1.txt")).isEqualTo("plain-word_1.txt");
        assertThat(CommandLine.quote("a b")).isEqualTo("'a b'");
        assertThat(CommandLine.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(CommandLine.quote("")).isEqualTo("''");
    }
}
