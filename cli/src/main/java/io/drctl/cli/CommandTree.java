package io.drctl.cli;

import io.drctl.cli.command.ApproveCommand;
import io.drctl.cli.command.CompletionCommand;
import io.drctl.cli.command.DemoCommand;
import io.drctl.cli.command.PlanCommand;
import io.drctl.cli.command.PreflightCommand;
import io.drctl.cli.command.RehearseCommand;
import io.drctl.cli.command.ReportCommand;
import io.drctl.cli.command.ResumeCommand;
import io.drctl.cli.command.RunCommand;
import io.drctl.cli.command.RunsCommand;
import io.drctl.cli.command.SandboxCommand;
import io.drctl.cli.command.SchemaCommand;
import io.drctl.cli.command.SnapshotCommand;
import io.drctl.cli.command.StatusCommand;
import io.drctl.cli.command.ValidateCommand;
import io.drctl.cli.command.VersionCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * drctl's subcommands, and which of them one command line needs. picocli builds a command's
 * model by reflection, with every inherited global option copied into it: for all sixteen that
 * is about a third of {@code drctl --version}'s time. A command line that names its command gets
 * only that one; {@code --version} alone gets none; anything else (help, a typo to suggest a
 * command for, completion scripts) gets them all.
 */
final class CommandTree {
    /** In the order the help lists them. */
    static final List<Class<?>> ALL = List.of(
            ValidateCommand.class,
            PlanCommand.class,
            RunCommand.class,
            ResumeCommand.class,
            StatusCommand.class,
            RunsCommand.class,
            ApproveCommand.class,
            SchemaCommand.class,
            VersionCommand.class,
            SnapshotCommand.class,
            SandboxCommand.class,
            ReportCommand.class,
            RehearseCommand.class,
            DemoCommand.class,
            PreflightCommand.class,
            CompletionCommand.class);

    /** The root's options that take a value in the next argument (unless given as {@code --name=value}). */
    private static final Set<String> GLOBALS_WITH_VALUE = Set.of("-o", "--output", "--state-dir", "--kubeconfig");

    private static final Set<String> VERSION_FLAGS = Set.of("-V", "--version");

    private CommandTree() {}

    /** The subcommands {@code args} needs (null: the whole tree). */
    static List<Class<?>> neededBy(String[] args) {
        if (args == null) {
            return ALL;
        }
        String name = commandName(args);
        if (name == null) {
            return Arrays.stream(args).allMatch(VERSION_FLAGS::contains) && args.length > 0 ? List.of() : ALL;
        }
        for (Class<?> c : ALL) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
                // Completion scripts describe every command, so that one needs the whole tree.
                return c == CompletionCommand.class ? ALL : List.of(c);
            }
        }
        return ALL; // not a command: the parser names the closest one
    }

    /** The first argument that is neither a global option nor its value: the command's name, if any. */
    private static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
            if (GLOBALS_WITH_VALUE.contains(a)) {
                i++; // its value
            }
        }
        return null;
    }
}
