package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Help as an operator's terminal shows it, from the packaged jar in its own JVM: lines are cut at
 * spaces only, never inside {@code spec.objectives}, {@code ~/.kube/config} or {@code e.g.}
 * (the JDK's line breaker cuts after such a dot; drctl gives picocli one that does not).
 */
class HelpWrappingIT {
    private static final Path JAR = Path.of("target", "drctl.jar");
    /** A line ending in a dot or slash glued to what comes before it: a sentence's end, or a cut. */
    private static final Pattern DOT_AT_END = Pattern.compile("\\S*[./]$");
    /** An entry of a command list ("  plan        Preview a run..."), which starts in lower case. */
    private static final Pattern COMMAND_ENTRY = Pattern.compile("^ {2}[a-z-]+ {2,}\\S.*");

    @Test
    void no_help_line_of_any_command_ends_inside_a_dotted_name_or_path() throws Exception {
        List<String> cuts = new ArrayList<>();
        for (List<String> command : commandPaths()) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            String help = help(args);
            assertThat(help).as(String.join(" ", command)).startsWith("Usage: drctl");
            String[] lines = help.split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                Matcher end = DOT_AT_END.matcher(lines[i].stripTrailing());
                String next = lines[i + 1].strip();
                // A sentence ends there when the next line starts a new one (or a command entry); a
                // line going on in lower case continues a name, path or "e.g." that was cut.
                if (end.find()
                        && !next.isEmpty()
                        && Character.isLowerCase(next.charAt(0))
                        && !COMMAND_ENTRY.matcher(lines[i + 1]).matches()) {
                    cuts.add(String.join(" ", command) + ": '" + end.group() + "' / '" + next.split(" ")[0] + "'");
                }
            }
        }
        assertThat(cuts).as("help lines cut inside a word").isEmpty();
    }

    @Test
    void the_long_paths_and_names_that_used_to_be_cut_are_printed_whole() throws Exception {
        assertThat(help(List.of("--help"))).contains("~/.kube/config");
        assertThat(help(List.of("rehearse", "--help"))).contains("(spec.objectives)");
        assertThat(help(List.of("completion", "--help"))).contains("~/.local/share/bash-completion/completions/");
    }

    private static String help(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ":\n" + out).isZero();
        return out;
    }

    /** Every command and subcommand, as the words an operator types after {@code drctl}. */
    private static List<List<String>> commandPaths() {
        CliEnvironment quiet = CliEnvironment.detached();
        List<List<String>> all = new ArrayList<>();
        collect(Cli.commandLine(quiet), List.of(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> all) {
        all.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // aliases would repeat a command
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, all);
            }
        });
    }
}
