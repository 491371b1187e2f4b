package io.drctl.cli.testing;

import io.drctl.engine.run.PlanLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * drctl as a separate JVM (the test's own class path, the JVM running the test), for what must
 * cross a process boundary: crashes, signals, OS locks, approvals from another process.
 */
public final class DrctlProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private DrctlProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static DrctlProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.drctl.cli.Main"));
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "drctl-out", ".txt");
        Path err = Files.createTempFile(workDir, "drctl-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        // Each test's plan locks stay in its own directory (the same one CliHarness uses for a state
        // directory inside workDir), so concurrent test runs on one machine never lock each other out.
        pb.environment()
                .putIfAbsent(
                        PlanLock.MACHINE_DIRECTORY_VARIABLE,
                        workDir.toAbsolutePath().resolve("machine-locks").toString());
        return new DrctlProcess(pb.start(), out, err);
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            killHard();
            throw new AssertionError("drctl did not finish within " + limit + "\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL to drctl and every process it started: the machine it ran on is gone. */
    public void killHard() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a signal by name (INT, TERM) the way a terminal or an init system would. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    public String stdout() throws IOException {
        return Files.readString(out);
    }

    public String stderr() throws IOException {
        return Files.readString(err);
    }

    public String output() {
        try {
            return "--- out ---\n" + stdout() + "--- err ---\n" + stderr();
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
