package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.StepThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine's timeout and Ctrl-C do to a running exec step: the whole process tree goes,
 * including processes that ignore SIGTERM. The scripts write their own pid and their child's
 * to a file, so the test can look for them afterwards.
 */
class ExecInterruptIT {
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void an_interrupt_terminates_the_command_and_the_children_it_started() throws Exception {
        StepThread apply =
                applyInBackground("echo $$ > pids; sleep 300 & echo $! >> pids; wait", Duration.ofSeconds(5));
        List<Long> pids = awaitPids();

        apply.interrupt();

        assertThat(apply.awaitEnd(GENEROUS)).isInstanceOf(InterruptedException.class);
        assertThat(apply.endedAfterInterrupt())
                .as("SIGTERM suffices, no grace period needed")
                .isLessThan(Duration.ofSeconds(4));
        assertAllGone(pids);
    }

    @Test
    void a_command_ignoring_sigterm_is_killed_with_its_child_after_the_grace_period() throws Exception {
        StepThread apply = applyInBackground(
                "trap '' TERM; echo $$ > pids; sleep 300 & echo $! >> pids; wait; wait", Duration.ofSeconds(1));
        List<Long> pids = awaitPids();

        apply.interrupt();

        assertThat(apply.awaitEnd(GENEROUS)).isInstanceOf(InterruptedException.class);
        assertThat(apply.endedAfterInterrupt()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertAllGone(pids);
    }

    private StepThread applyInBackground(String script, Duration killGracePeriod) {
        ExecStepType type = new ExecStepType();
        FakeStepContext ctx = FakeStepContext.forType(type)
                .param("command", List.of(script))
                .param("shell", true)
                .param("workingDir", dir.toString())
                .param("killGracePeriod", killGracePeriod)
                .deadlineIn(Duration.ofMinutes(5))
                .build();
        return StepThread.start("exec", () -> {
            type.bind(ctx.definition()).apply(ctx);
            return null;
        });
    }

    private List<Long> awaitPids() throws Exception {
        Path file = dir.resolve("pids");
        long end = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() < end) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() == 2) {
                List<Long> pids =
                        lines.stream().map(String::strip).map(Long::parseLong).toList();
                assertThat(pids).allMatch(ExecInterruptIT::isRunning);
                return pids;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the script did not record its pids in " + GENEROUS);
    }

    /** Signals are delivered asynchronously: allow a moment for the kernel to finish the job. */
    private static void assertAllGone(List<Long> pids) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pids.stream().anyMatch(ExecInterruptIT::isRunning) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(pids).as("processes still running").noneMatch(ExecInterruptIT::isRunning);
    }

    /** Running, counting an exited-but-unreaped (zombie) process as gone. */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
