package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.command.CompletionCommand;
import io.drctl.cli.command.RunCommand;
import io.drctl.cli.command.SandboxCommand;
import io.drctl.cli.command.VersionCommand;
import org.junit.jupiter.api.Test;

class CommandTreeTest {
    @Test
    void a_command_line_that_names_its_command_builds_only_that_one() {
        assertThat(CommandTree.neededBy(new String[] {"run", "plan.yaml", "--yes"}))
                .containsExactly(RunCommand.class);
        assertThat(CommandTree.neededBy(new String[] {"-o", "json", "--state-dir", "/tmp/s", "version"}))
                .containsExactly(VersionCommand.class);
        assertThat(CommandTree.neededBy(new String[] {"--output=json", "sandbox", "up"}))
                .containsExactly(SandboxCommand.class);
    }

    @Test
    void the_version_flag_alone_builds_no_subcommand() {
        assertThat(CommandTree.neededBy(new String[] {"--version"})).isEmpty();
        assertThat(CommandTree.neededBy(new String[] {"-V"})).isEmpty();
    }

    @Test
    void help_a_typo_no_arguments_and_completion_get_every_command() {
        assertThat(CommandTree.neededBy(new String[] {"--help"})).isEqualTo(CommandTree.ALL);
        assertThat(CommandTree.neededBy(new String[] {"paln", "x.yaml"})).isEqualTo(CommandTree.ALL);
        assertThat(CommandTree.neededBy(new String[0])).isEqualTo(CommandTree.ALL);
        assertThat(CommandTree.neededBy(new String[] {"completion", "bash"}))
                .isEqualTo(CommandTree.ALL)
                .contains(CompletionCommand.class);
        assertThat(CommandTree.neededBy(null)).isEqualTo(CommandTree.ALL);
    }

    @Test
    void the_tree_has_every_command_of_the_help() {
        CliEnvironment env = CliEnvironment.detached();
        assertThat(Cli.commandLine(env).getSubcommands()).hasSize(CommandTree.ALL.size());
    }
}
