package io.drctl.cli.render;

import io.drctl.engine.run.ApprovalPrompter;
import io.drctl.engine.spi.Approvals.Decision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Asks the operator at the terminal; the live view pauses meanwhile. */
public final class TerminalPrompter implements ApprovalPrompter {
    private final BufferedReader in;
    private final PrintWriter out;
    private final LiveView live;
    private final String operator;
    private final String host;

    public TerminalPrompter(InputStream in, PrintWriter out, LiveView live, String operator, String host) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.live = live;
        this.operator = operator;
        this.host = host;
    }

    @Override
    public synchronized Optional<Decision> ask(String runId, String stepId, String message, String approveCommand) {
        if (live != null) {
            live.pause();
        }
        try {
            while (true) {
                out.print("Approve step '" + stepId + "'? " + message + " [y]es / [n]o, or a comment after y/n: ");
                out.flush();
                String line = in.readLine();
                if (line == null) {
                    out.println();
                    return Optional.empty();
                }
                String answer = line.trim();
                String word = answer.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                String comment = answer.contains(" ")
                        ? answer.substring(answer.indexOf(' ') + 1).trim()
                        : "";
                if (word.equals("y") || word.equals("yes")) {
                    return Optional.of(new Decision(true, operator, "terminal on " + host, comment, Instant.now()));
                }
                if (word.equals("n") || word.equals("no")) {
                    return Optional.of(new Decision(false, operator, "terminal on " + host, comment, Instant.now()));
                }
                out.println("Please answer y or n.");
            }
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (live != null) {
                live.resume();
            }
        }
    }
}
