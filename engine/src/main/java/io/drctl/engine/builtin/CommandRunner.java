package io.drctl.engine.builtin;

import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one command to its end: no shell, stdin from /dev/null, stdout and stderr drained
 * concurrently into bounded tails, each line offered as progress. If the calling thread is
 * interrupted (the step's timeout, Ctrl-C) the whole process tree is terminated before the
 * interrupt propagates, so nothing the step started outlives it.
 */
final class CommandRunner {
    /** After the command exits, how long to wait for the rest of its output. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(2);

    private static final File DEV_NULL = new File("/dev/null");
    private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)[^)]*\\)?");

    private final Map<String, String> environment;
    private final Path workingDir;
    private final int captureLimit;
    private final Duration killGracePeriod;
    private final ThrottledProgress progress;
    /** Masks output before it is cut, so a cut cannot leave part of a secret. */
    private final Redactor redactor;

    /** @param environment added to drctl's own environment, which the command inherits */
    CommandRunner(
            Map<String, String> environment,
            Path workingDir,
            int captureLimit,
            Duration killGracePeriod,
            ThrottledProgress progress,
            Redactor redactor) {
        this.redactor = redactor;
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.captureLimit = captureLimit;
        this.killGracePeriod = killGracePeriod;
        this.progress = progress;
    }

    CompletedCommand run(CommandLine command) throws StepFailedException, InterruptedException {
        if (!Files.isDirectory(workingDir)) {
            throw new StepFailedException("workingDir " + workingDir + " does not exist or is not a directory");
        }
        long started = System.nanoTime();
        Process process = start(command);
        OutputTail stdout = new OutputTail(process.getInputStream(), captureLimit, progress::offer, redactor);
        OutputTail stderr = new OutputTail(process.getErrorStream(), captureLimit, progress::offer, redactor);
        Thread stdoutReader = reader(stdout, "stdout", process.pid());
        Thread stderrReader = reader(stderr, "stderr", process.pid());
        boolean exited = false;
        try {
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                progress.flushIfDue();
            }
            exited = true;
        } finally {
            if (!exited) {
                // Interrupted (or worse): the step is being abandoned, so its processes must go.
                progress.offer("stopping " + command.program() + " (pid " + process.pid() + ") and its children");
                progress.flush();
                ProcessTree.terminate(process.toHandle(), killGracePeriod);
            }
        }
        // A background child may hold the pipes open after the command exits; do not wait for it forever.
        stdoutReader.join(DRAIN_LIMIT);
        stderrReader.join(DRAIN_LIMIT);
        progress.flush();
        return new CompletedCommand(
                process.exitValue(),
                process.pid(),
                stdout.text(),
                stderr.text(),
                stdout.lastLine(),
                stderr.lastLine(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private Process start(CommandLine command) throws StepFailedException {
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new StepFailedException(launchFailure(command, e));
        }
    }

    /**
     * The JDK reports errno in the message, worded differently across versions ("error=2, No
     * such file or directory" up to 21, "Exec failed, error: 2 (No such file or directory)"
     * later); people need the meaning.
     */
    static String launchFailure(CommandLine command, IOException e) {
        Matcher errno = ERRNO.matcher(String.valueOf(e.getMessage()));
        if (!errno.find()) {
            return "cannot run " + command.program() + ": " + e.getMessage();
        }
        return switch (errno.group(1)) {
            case "2" -> "command not found: " + command.program();
            case "13" -> "permission denied: cannot execute " + command.program();
            default -> "cannot run " + command.program() + ": " + errno.group();
        };
    }

    private static Thread reader(OutputTail tail, String stream, long pid) {
        return Thread.ofPlatform().daemon().name("exec-" + pid + "-" + stream).start(tail);
    }
}
