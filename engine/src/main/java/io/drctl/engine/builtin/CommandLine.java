package io.drctl.engine.builtin;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A command to start: the argv handed to the operating system (secret references resolved) and
 * how people see it (references left as written, so plan output shows {@code ${env:TOKEN}},
 * never the token).
 */
record CommandLine(List<String> argv, String display, String program) {
    static final String SHELL = "/bin/sh";
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    CommandLine {
        argv = List.copyOf(argv);
    }

    /**
     * @param resolved the argv with secrets resolved
     * @param written  the same argv as the plan wrote it
     * @param shell    whether the single string is a script for {@code sh -c}
     */
    static CommandLine of(List<String> resolved, List<String> written, boolean shell) {
        if (shell) {
            return new CommandLine(
                    List.of(SHELL, "-c", resolved.getFirst()), "sh -c " + quote(written.getFirst()), "sh");
        }
        return new CommandLine(
                resolved,
                written.stream().map(CommandLine::quote).collect(Collectors.joining(" ")),
                written.getFirst());
    }

    /** Shell-style quoting, only so a person can read (and paste) the command unambiguously. */
    static String quote(String arg) {
        if (PLAIN_WORD.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
