package io.drctl.cli.testing;

import io.drctl.cli.Cli;
import io.drctl.cli.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs drctl commands in-process with captured stdout, stderr and exit code, an environment of
 * the test's choosing, and its own state directory (so no test touches the user's).
 */
public final class CliHarness {
    private final Path stateDir;
    private final Map<String, String> env = new HashMap<>();

    public CliHarness(Path stateDir) {
        this.stateDir = stateDir;
        env.put("USER", "tester");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        // Machine-wide plan locks beside the state directory: tests of one temporary directory share
        // them (as two state directories on one machine do), other builds on this machine do not.
        env.put(
                io.drctl.engine.run.PlanLock.MACHINE_DIRECTORY_VARIABLE,
                stateDir.toAbsolutePath().resolveSibling("machine-locks").toString());
    }

    public CliHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Runs {@code drctl --state-dir <dir> args...}. */
    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.copyOf(env),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                false,
                false,
                false);
        List<String> all = new ArrayList<>();
        all.add("--state-dir");
        all.add(stateDir.toString());
        all.addAll(List.of(args));
        int code = Cli.execute(environment, all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
