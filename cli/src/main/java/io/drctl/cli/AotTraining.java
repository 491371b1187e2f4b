package io.drctl.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the launcher runs once per build to train the JVM's ahead-of-time cache (JDK 25+): several
 * drctl command lines in one JVM, separated by {@code --next}, output discarded. Training on
 * {@code validate} alone left the Kubernetes client out of the cache, and a run then spent about
 * 0.6 s loading and linking its classes before its first request to a site — time an operator
 * waits on the worst day. The launcher adds a rehearsal against the sandbox, so a run's own path
 * (plan, client, steps, journal) is in the cache too.
 *
 * <p>Training must never break drctl: a command that fails is reported on stderr (the launcher
 * discards it) and the others still run; the cache holds whatever was loaded.
 */
public final class AotTraining {
    private static final String NEXT = "--next";

    private AotTraining() {}

    public static void main(String[] args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        // As Main does: the standard streams through their file descriptors, never System.err.
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        for (List<String> command : commands(args)) {
            CliEnvironment env = new CliEnvironment(
                    System.getenv(), nowhere, nowhere, InputStream.nullInputStream(), false, false, false);
            int code;
            try {
                code = Cli.execute(env, command.toArray(String[]::new));
            } catch (RuntimeException e) {
                code = -1;
            }
            if (code != 0) {
                err.println("drctl AOT training: '" + String.join(" ", command) + "' exited " + code);
            }
        }
        System.exit(0); // the cache is written as the JVM exits
    }

    /** The command lines, split at {@code --next}; empty ones dropped. */
    static List<List<String>> commands(String... args) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String a : Arrays.asList(args)) {
            if (a.equals(NEXT)) {
                if (!current.isEmpty()) {
                    out.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(a);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
