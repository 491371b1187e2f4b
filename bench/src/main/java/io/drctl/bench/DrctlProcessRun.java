package io.drctl.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * drctl as an operator starts it (its own JVM, the launcher's flags), timed from process start
 * to exit, with its peak resident memory read from {@code /proc} while it runs.
 */
final class DrctlProcessRun {
    /** How the run ended, how long it took and the most memory it held. */
    record Outcome(int exitCode, Duration wall, long peakRssKib, String stdout, String stderr) {}

    /** The commands ./drctl starts from its run cache (drctl-run.aot), as the launcher lists them. */
    private static final Set<String> SITE_COMMANDS =
            Set.of("plan", "run", "resume", "snapshot", "rehearse", "demo", "preflight", "sandbox");

    private DrctlProcessRun() {}

    static Outcome run(Path jar, Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        // The launcher's ahead-of-time class cache (JDK 25+), when the build trained one, chosen as
        // the launcher chooses it (commands that talk to sites have their own): drctl is measured
        // as ./drctl starts it, not slower.
        Path aot = jar.resolveSibling(SITE_COMMANDS.contains(args[0]) ? "drctl-run.aot" : "drctl.aot");
        if (Runtime.version().feature() >= 25
                && Files.isRegularFile(aot)
                && !"off".equals(System.getenv("DRCTL_AOT"))) {
            cmd.addAll(List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        String extra = System.getenv("DRCTL_JAVA_OPTS"); // as the launcher: e.g. a flight recording of the run
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "drctl-out", ".txt");
        Path err = Files.createTempFile(workDir, "drctl-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, highWaterMark(status)); // VmHWM only grows: the last read before exit is the peak
            Thread.sleep(10);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return new Outcome(p.waitFor(), wall, peak, Files.readString(out), Files.readString(err));
    }

    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended
        }
        return 0;
    }
}
