package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.journal.JournalContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: drctl runs as its own JVM, is killed with SIGKILL (with everything it started,
 * as when its machine dies) while a step is in flight, and the run is resumed. Every step's side
 * effect must have happened exactly once, and the journal's hash chain must verify.
 */
class CrashResumeIT {
    @TempDir
    Path dir;

    @Test
    void a_run_killed_mid_step_resumes_with_every_side_effect_exactly_once() throws Exception {
        Path counts = dir.resolve("counts.txt");
        Path inFlight = dir.resolve("b-in-flight");
        Path state = dir.resolve("state");
        Files.createFile(counts);
        Path plan = dir.resolve("crash.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: crash-test }
                spec:
                  steps:
                    - id: a
                      type: exec
                      with:
                        command: [sh, -c, 'echo a >> "$COUNTS"']
                        check: [grep, -qx, a, "%1$s"]
                        env: { COUNTS: "%1$s" }
                    - id: b
                      type: exec
                      needs: [a]
                      with:
                        command: [sh, -c, 'echo b >> "$COUNTS"; touch "$MARK"; sleep 60']
                        check: [grep, -qx, b, "%1$s"]
                        env: { COUNTS: "%1$s", MARK: "%2$s" }
                    - id: c
                      type: exec
                      needs: [b]
                      with:
                        command: [sh, -c, 'echo c >> "$COUNTS"']
                        check: [grep, -qx, c, "%1$s"]
                        env: { COUNTS: "%1$s" }
                """.formatted(counts, inFlight));

        DrctlProcess first = DrctlProcess.start(dir, Map.of(), "--state-dir", state.toString(), "run", plan.toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(
                state, runId, e -> e instanceof StepStarted s && s.stepId().equals("b"), Duration.ofSeconds(30));
        waitForFile(inFlight, Duration.ofSeconds(30));
        first.killHard();
        assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(Files.readAllLines(counts)).containsExactly("a", "b");

        CliHarness drctl = new CliHarness(state);
        CliHarness.Result resumed = drctl.run("resume", runId);
        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());

        assertThat(Files.readAllLines(counts))
                .as("each side effect exactly once")
                .containsExactly("a", "b", "c");
        JournalContents journal = Journals.read(state, runId);
        assertThat(journal.chainVerifies()).as(journal.chainError().orElse("")).isTrue();
        List<RunEvent> afterResume = journal.events()
                .subList(indexOfResume(journal), journal.events().size());
        assertThat(afterResume)
                .filteredOn(e -> e instanceof StepStarted s && s.stepId().equals("a"))
                .isEmpty();
        assertThat(afterResume)
                .filteredOn(StepChecked.class::isInstance)
                .map(StepChecked.class::cast)
                .filteredOn(c -> c.stepId().equals("b"))
                .singleElement()
                .satisfies(c -> assertThat(c.result()).isEqualTo("already-done"));
        assertThat(journal.events()).map(EventCodec::typeName).endsWith("run.finished");
    }

    private static int indexOfResume(JournalContents journal) {
        for (int i = 0; i < journal.events().size(); i++) {
            if (journal.events().get(i) instanceof RunEvent.RunResumed) {
                return i;
            }
        }
        throw new AssertionError("no run.resumed event");
    }

    private static void waitForFile(Path file, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(file + " did not appear within " + limit);
            }
            Thread.sleep(20);
        }
    }
}
