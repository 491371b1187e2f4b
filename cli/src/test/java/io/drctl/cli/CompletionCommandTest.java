package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
    @TempDir
    Path dir;

    @Test
    void an_unknown_shell_is_a_usage_error() {
        CliHarness.Result r = new CliHarness(dir).run("completion", "fish");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bash_completion_knows_every_command_and_their_options() {
        CliHarness.Result r = new CliHarness(dir).run("completion", "bash");
        assertThat(r.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out())
                .contains("complete -F")
                .contains("validate")
                .contains("resume")
                .contains("sandbox")
                .contains("--kubeconfig")
                .contains("--state-dir");
    }

    @Test
    void zsh_completion_loads_bash_completion_emulation_first() {
        CliHarness.Result r = new CliHarness(dir).run("completion", "zsh");
        assertThat(r.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out())
                .startsWith("#compdef drctl")
                .contains("bashcompinit")
                .contains("complete -F");
    }
}
