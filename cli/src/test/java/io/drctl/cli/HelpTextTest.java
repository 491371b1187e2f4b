package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's help as an operator reads it. picocli prints each element of a description
 * array on a line of its own, so an element that stops mid-sentence shows as a line broken in
 * the middle of a paragraph: every element must be whole sentences.
 */
class HelpTextTest {
    /** Starts like a sentence (or with a code word such as --seed or $VAR), ends like one. */
    private static final Pattern SENTENCE = Pattern.compile("(?s)^[A-Z0-9$`'\"(-].*[.:?!][)'\"`]?$");

    @Test
    void every_description_line_of_every_command_and_option_is_a_whole_sentence() {
        List<String> broken = new ArrayList<>();
        for (CommandSpec command : allCommands()) {
            check(command.qualifiedName(), command.usageMessage().description(), broken);
            for (ArgSpec arg : command.args()) {
                check(
                        command.qualifiedName() + " " + arg.paramLabel()
                                + (arg.isOption()
                                        ? " " + Arrays.toString(((CommandLine.Model.OptionSpec) arg).names())
                                        : ""),
                        arg.description(),
                        broken);
            }
        }
        assertThat(broken).as("description lines that are not whole sentences").isEmpty();
    }

    @Test
    void every_command_s_help_renders_without_a_formatting_warning() {
        // picocli formats descriptions with String.format: a stray % makes it warn on stderr and
        // print the text unformatted.
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (CommandSpec command : allCommands()) {
                StringWriter out = new StringWriter();
                command.commandLine().usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
                assertThat(out.toString())
                        .as(command.qualifiedName())
                        .startsWith("Usage: " + command.qualifiedName())
                        .contains("-h, --help");
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void a_subcommand_lists_its_own_options_before_the_global_ones() {
        CommandSpec rehearse = allCommands().stream()
                .filter(c -> c.name().equals("rehearse"))
                .findFirst()
                .orElseThrow();
        StringWriter out = new StringWriter();
        rehearse.commandLine().usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        String help = out.toString();

        assertThat(help.indexOf("--sandbox=SEED")).isPositive().isLessThan(help.indexOf("Global options:"));
        // The synopsis names them all; the option list shows the global ones last.
        int globals = help.indexOf("Global options:");
        assertThat(help.indexOf("--state-dir=DIR ", globals)).isGreaterThan(globals);
        assertThat(help.indexOf("--kubeconfig=FILE ", globals)).isGreaterThan(globals);
        assertThat(help.indexOf("--reason=TEXT ", help.indexOf("Usage:") + 1)).isLessThan(globals);
    }

    private static void check(String where, String[] lines, List<String> broken) {
        for (String line : lines) {
            if (!SENTENCE.matcher(line.strip()).matches()) {
                broken.add(where + ": " + line);
            }
        }
    }

    private static List<CommandSpec> allCommands() {
        CliEnvironment quiet = CliEnvironment.detached();
        List<CommandSpec> all = new ArrayList<>();
        collect(Cli.commandLine(quiet), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandSpec> all) {
        all.add(cl.getCommandSpec());
        cl.getSubcommands().values().forEach(sub -> collect(sub, all));
    }
}
