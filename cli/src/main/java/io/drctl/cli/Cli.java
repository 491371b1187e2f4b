package io.drctl.cli;

import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.render.TerminalText;
import io.drctl.engine.ConfigurationException;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.load.DidYouMean;
import io.drctl.engine.plan.load.PlanInvalidException;
import io.drctl.engine.plan.load.Violation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Builds the command line and wires drctl's one exit-code table ({@link ExitCode}) into
 * picocli: usage errors → 64, expected errors ({@link DrctlException}) → their code with one
 * line on stderr, anything else → 70 (a bug), with the stack trace only under {@code -v}.
 */
public final class Cli {
    private Cli() {}

    public static int execute(CliEnvironment env, String... args) {
        return commandLine(env, args).execute(args);
    }

    /** The whole command tree (help, completion, man pages). */
    public static CommandLine commandLine(CliEnvironment env) {
        return commandLine(env, null);
    }

    /** The tree {@code args} needs (null: all of it); see {@link CommandTree}. */
    private static CommandLine commandLine(CliEnvironment env, String[] commandLineArgs) {
        DrctlCommand root = new DrctlCommand(env);
        CommandLine cl = new CommandLine(root);
        // Before the settings below: picocli applies them to the subcommands present at the time.
        CommandTree.neededBy(commandLineArgs).forEach(cl::addSubcommand);
        cl.getCommandSpec().usageMessage().footer(exitCodeFooter());
        GlobalOptionsSection.installUnder(cl);
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                env.terminalOut() && !env.env().containsKey("NO_COLOR")
                        ? CommandLine.Help.Ansi.ON
                        : CommandLine.Help.Ansi.OFF));
        cl.setExitCodeExceptionMapper(
                t -> t instanceof DrctlException d ? d.exitCode().code() : ExitCode.INTERNAL.code());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            if (root.output() == OutputFormat.JSON || jsonAsked(args)) {
                jsonError(root, failed.getOut(), ExitCode.USAGE, plainMessage(ex), List.of());
            }
            failed.getErr().println(root.redactor().redact("drctl: " + TerminalText.safe(plainMessage(ex))));
            failed.getErr()
                    .println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            failed.getErr().flush();
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            var err = failed.getErr();
            if (root.output() == OutputFormat.JSON) {
                ExitCode code = ex instanceof DrctlException d ? d.exitCode() : ExitCode.INTERNAL;
                jsonError(
                        root,
                        failed.getOut(),
                        code,
                        ex instanceof DrctlException ? ex.getMessage() : "internal error: " + ex,
                        ex instanceof PlanInvalidException invalid ? invalid.violations() : List.of());
            }
            if (ex instanceof ConfigurationException config) {
                // Every problem on a line of its own, before anything started.
                err.println("drctl: the plan cannot run; nothing was started and no run record was made:");
                config.problems().forEach(p -> err.println(root.redactor().redact("drctl:   " + TerminalText.safe(p))));
                err.flush();
                return config.exitCode().code();
            }
            if (ex instanceof PlanInvalidException invalid) {
                // Every violation on a line of its own, each with file:line:column.
                invalid.violations()
                        .forEach(v ->
                                err.println(root.redactor().redact("drctl: " + TerminalText.safe(String.valueOf(v)))));
                err.flush();
                return invalid.exitCode().code();
            }
            if (ex instanceof DrctlException d) {
                err.println(root.redactor().redact("drctl: " + TerminalText.safe(d.getMessage())));
                if (root.verbose() && d.getCause() != null) {
                    printCauses(root, err, d.getCause());
                }
                err.flush();
                return d.exitCode().code();
            }
            err.println(root.redactor()
                    .redact("drctl: internal error: " + ex
                            + (root.verbose() ? "" : " (run with -v for details; this is a bug, please report it)")));
            if (root.verbose()) {
                StringWriter trace = new StringWriter();
                ex.printStackTrace(new PrintWriter(trace));
                err.print(root.redactor().redact(trace.toString()));
            }
            err.flush();
            return ExitCode.INTERNAL.code();
        });
        return cl;
    }

    /**
     * With --output json, an error is a JSON Lines event on standard output too — after the
     * version line, unless the command printed it already — so a bot reading stdout always gets
     * the exit code and why, and an invalid plan's every violation with file, line, column, path.
     */
    private static void jsonError(
            DrctlCommand root, PrintWriter out, ExitCode code, String message, List<Violation> violations) {
        JsonLinesRenderer json = new JsonLinesRenderer(out, root.redactor());
        if (!JsonLinesRenderer.versioned(out)) {
            json.versionLine();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exitCode", code.code());
        data.put("meaning", code.meaning());
        data.put("message", String.valueOf(message));
        if (!violations.isEmpty()) {
            data.put(
                    "violations",
                    violations.stream()
                            .map(v -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("file", v.file());
                                m.put("line", v.line());
                                m.put("column", v.column());
                                m.put("path", v.path());
                                m.put("message", v.message());
                                return m;
                            })
                            .toList());
        }
        json.result("error", data);
    }

    /** The parser's complaint in words an operator uses: "'paln' is not a drctl command", not "Unmatched argument at index 0". */
    private static String plainMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            CommandLine where = ex.getCommandLine();
            if (first.startsWith("-")) {
                List<String> options = where.getCommandSpec().options().stream()
                        .flatMap(o -> Arrays.stream(o.names()))
                        .toList();
                return "unknown option '" + first + "' for '"
                        + where.getCommandSpec().qualifiedName() + "'"
                        + DidYouMean.hint(first.split("=", 2)[0], options);
            }
            return where.getParent() == null && !where.getSubcommands().isEmpty()
                    ? "'" + first + "' is not a drctl command"
                            + DidYouMean.hint(first, where.getSubcommands().keySet())
                    : "unexpected argument '" + first + "' for '"
                            + where.getCommandSpec().qualifiedName() + "'";
        }
        return ex.getMessage();
    }

    /** Whether the arguments ask for JSON output, when parsing them failed before the option was set. */
    private static boolean jsonAsked(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--output=json")
                    || a.equals("-ojson")
                    || a.equals("-o=json")
                    || ((a.equals("-o") || a.equals("--output"))
                            && i + 1 < args.length
                            && args[i + 1].equals("json"))) {
                return true;
            }
        }
        return false;
    }

    /** The help's exit-code table, written from {@link ExitCode}: the one table there is. */
    private static String[] exitCodeFooter() {
        List<String> lines = new ArrayList<>(List.of("", "Exit codes:"));
        for (ExitCode c : ExitCode.values()) {
            lines.add(String.format("  %3d  %s", c.code(), c.meaning()));
        }
        return lines.toArray(String[]::new);
    }

    private static void printCauses(DrctlCommand root, PrintWriter err, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            err.println(root.redactor().redact("  caused by: " + t));
        }
    }
}
