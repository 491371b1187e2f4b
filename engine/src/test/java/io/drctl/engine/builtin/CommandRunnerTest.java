package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
    private final CommandLine command = CommandLine.of(List.of("fence"), List.of("fence"), false);

    @Test
    void launch_failures_read_the_same_whichever_jdk_worded_them() {
        assertThat(CommandRunner.launchFailure(
                        command, new IOException("Cannot run program \"fence\": error=2, No such file or directory")))
                .isEqualTo("command not found: fence");
        assertThat(CommandRunner.launchFailure(
                        command,
                        new IOException(
                                "Cannot run program \"fence\": Exec failed, error: 2 (No such file or directory) ")))
                .isEqualTo("command not found: fence");
        assertThat(CommandRunner.launchFailure(
                        command, new IOException("Cannot run program \"fence\": error=13, Permission denied")))
                .isEqualTo("permission denied: cannot execute fence");
        assertThat(CommandRunner.launchFailure(
                        command,
                        new IOException(
                                "Cannot run program \"fence\": Exec failed, error: 7 (Argument list too long) ")))
                .isEqualTo("cannot run fence: error: 7 (Argument list too long)");
        assertThat(CommandRunner.launchFailure(
                        command, new IOException("Cannot run program \"fence\": error=7, Argument list too long")))
                .isEqualTo("cannot run fence: error=7, Argument list too long");
    }
}
