package io.drctl.cli;

import io.drctl.cli.help.WhitespaceLineBreakProvider;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The drctl command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty("java.locale.providers") == null) {
            // Help wraps at spaces only (see WhitespaceLineBreakProvider); first, before any locale lookup.
            System.setProperty("java.locale.providers", WhitespaceLineBreakProvider.PROVIDERS);
        }
        boolean tty = Terminal.isInteractive();
        PrintWriter out = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        CliEnvironment env = new CliEnvironment(System.getenv(), out, err, System.in, tty, tty, true);
        int code = Cli.execute(env, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
