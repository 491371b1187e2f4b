package io.drctl.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;

/**
 * What the CLI takes from the process it runs in, so tests can run commands in-process with
 * their own environment, streams and state directory.
 *
 * @param terminalOut       stdout is a terminal: live view and colours are possible
 * @param terminalIn        stdin is a terminal: approvals may be asked for there
 * @param installSignalHandlers whether Ctrl-C handling is installed (not inside tests)
 */
public record CliEnvironment(
        Map<String, String> env,
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        boolean terminalOut,
        boolean terminalIn,
        boolean installSignalHandlers) {

    /**
     * No terminal, no environment, output discarded, nothing to read: for building the command
     * tree where nothing runs (man pages, help and parse checks), so the result does not depend
     * on where it was built.
     */
    public static CliEnvironment detached() {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        return new CliEnvironment(Map.of(), nowhere, nowhere, InputStream.nullInputStream(), false, false, false);
    }
}
