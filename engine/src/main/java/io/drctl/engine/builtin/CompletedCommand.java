package io.drctl.engine.builtin;

import java.time.Duration;

/** How a command ended: its exit code and the tails of what it printed. */
record CompletedCommand(
        int exitCode,
        long pid,
        String stdout,
        String stderr,
        String lastStdoutLine,
        String lastStderrLine,
        Duration took) {

    /** The line that best explains the exit: the last line on stderr, else the last on stdout. */
    String explanation() {
        return !lastStderrLine.isBlank() ? lastStderrLine : lastStdoutLine;
    }

    /** {@code exit 3: disk full}, one line, at most {@code maxChars} characters. */
    String summary(int maxChars) {
        String why = explanation();
        String text = "exit " + exitCode + (why.isBlank() ? "" : ": " + why);
        return text.length() <= maxChars ? text : text.substring(0, maxChars - 1) + "…";
    }
}
