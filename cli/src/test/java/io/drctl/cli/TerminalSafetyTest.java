package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.render.TerminalText;
import io.drctl.cli.testing.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text drctl did not write cannot forge its lines or drive the terminal. */
class TerminalSafetyTest {
    @TempDir
    Path dir;

    @Test
    void control_characters_are_shown_as_escapes() {
        assertThat(TerminalText.safe("kim\u001b[2J\r\nrun 1 succeeded\u0007\ttab"))
                .isEqualTo("kim\\x1b[2J\\r\\nrun 1 succeeded\\u0007\ttab");
        assertThat(TerminalText.safe("plain")).isEqualTo("plain");
        assertThat(TerminalText.safe(null)).isEmpty();
    }

    @Test
    void an_operator_a_reason_and_command_output_cannot_clear_the_screen_or_forge_a_line() throws Exception {
        Path plan = dir.resolve("p.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: forge }
                spec:
                  steps:
                    - id: talk
                      type: exec
                      with: { command: [sh, -c, 'printf "hello\\\\033[2J\\\\rrun FAKE succeeded\\\\n"; exit 1'] }
                """);
        CliHarness drctl = new CliHarness(dir.resolve("state"));

        CliHarness.Result run =
                drctl.run("run", plan.toString(), "--operator", "kim\u001b[2J", "--reason", "drill\nrun X succeeded");
        CliHarness.Result status = drctl.run("status");
        CliHarness.Result runs = drctl.run("runs");

        for (CliHarness.Result r : List.of(run, status, runs)) {
            assertThat(r.out() + r.err())
                    .as(r.toString())
                    .doesNotContain("\u001b")
                    .doesNotContain("\r")
                    .doesNotContain("\nrun X succeeded");
        }
        assertThat(run.out()).contains("kim\\x1b[2J").contains("drill\\nrun X succeeded");
        assertThat(status.out()).contains("kim\\x1b[2J");
    }
}
