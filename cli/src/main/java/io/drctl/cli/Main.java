package io.drctl.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The drctl command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
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
