package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator may tell a resume: run a completed step again (with a reason), and nothing for a finished run. */
class ResumeControlTest {
    @TempDir
    Path dir;

    private Path marks;
    private Path go;

    /** "fence" leaves a mark each time it runs; "gate" fails until the file GO exists; "promote" needs both. */
    private Path plan() throws Exception {
        marks = dir.resolve("fences.txt");
        go = dir.resolve("GO");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: redo }
                spec:
                  steps:
                    - id: fence
                      type: exec
                      with: { command: [sh, -c, "echo fenced >> %s"] }
                    - id: gate
                      type: exec
                      needs: [fence]
                      with: { command: [test, -f, "%s"] }
                    - id: promote
                      type: exec
                      needs: [gate]
                      with: { command: [echo, promoted] }
                """.formatted(marks, go));
        return plan;
    }

    private CliHarness drctl() {
        return new CliHarness(dir.resolve("state"));
    }

    private String haltedRun() throws Exception {
        CliHarness.Result run = drctl().run("run", plan().toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.STEP_FAILED.code());
        return Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
    }

    @Test
    void redo_without_a_reason_is_refused_and_nothing_is_appended() throws Exception {
        String runId = haltedRun();
        long lines = Files.readAllLines(Journals.journalFile(dir.resolve("state"), runId))
                .size();

        CliHarness.Result resume = drctl().run("resume", runId, "--redo", "fence");

        assertThat(resume.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(resume.err()).contains("--redo needs --reason");
        assertThat(Files.readAllLines(Journals.journalFile(dir.resolve("state"), runId)))
                .hasSize((int) lines);
    }

    @Test
    void redo_of_a_step_that_is_not_in_the_plan_or_not_completed_is_refused() throws Exception {
        String runId = haltedRun();

        CliHarness.Result unknown = drctl().run("resume", runId, "--redo", "fense", "--reason", "x");
        CliHarness.Result notDone = drctl().run("resume", runId, "--redo", "promote", "--reason", "x");

        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(unknown.err()).contains("the plan has no step 'fense'");
        assertThat(notDone.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(notDone.err()).contains("step 'promote' has not completed");
    }

    @Test
    void redo_runs_the_completed_step_again_and_journals_who_and_why() throws Exception {
        String runId = haltedRun();
        Files.writeString(go, "");

        CliHarness.Result resume = drctl().run(
                        "resume",
                        runId,
                        "--redo",
                        "fence",
                        "--reason",
                        "pangyo was unfenced by hand",
                        "--operator",
                        "kim");

        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(Files.readAllLines(marks, StandardCharsets.UTF_8)).containsExactly("fenced", "fenced");
        assertThat(Journals.read(dir.resolve("state"), runId).eventsOf(RunEvent.StepOverridden.class))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.stepId()).isEqualTo("fence");
                    assertThat(o.action()).isEqualTo("redo");
                    assertThat(o.operator()).isEqualTo("kim");
                    assertThat(o.reason()).isEqualTo("pangyo was unfenced by hand");
                });
    }

    @Test
    void counts_describe_the_whole_run_across_resumes_and_include_the_steps_a_halt_never_started() throws Exception {
        CliHarness.Result first = drctl().run("run", plan().toString());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        assertThat(first.out()).contains("1 succeeded, 1 failed, 1 not run");
        Files.writeString(go, "");

        CliHarness.Result resumed = drctl().run("resume", runId);
        CliHarness.Result status = drctl().run("status", runId);

        assertThat(resumed.out()).contains("3 succeeded (1 before this resume)").doesNotContain("skipped (exit");
        assertThat(status.out()).contains("summary   3 succeeded\n");
    }

    @Test
    void resuming_a_run_that_succeeded_appends_nothing() throws Exception {
        String runId = haltedRun();
        Files.writeString(go, "");
        assertThat(drctl().run("resume", runId).exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        Path journal = Journals.journalFile(dir.resolve("state"), runId);
        byte[] before = Files.readAllBytes(journal);

        CliHarness.Result again = drctl().run("resume", runId);

        assertThat(again.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(again.out()).contains("already finished: succeeded; nothing to resume");
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
        assertThat(Files.readAllLines(marks)).containsExactly("fenced");
    }

    @Test
    void skip_without_a_reason_or_of_a_completed_step_is_refused_and_nothing_is_appended() throws Exception {
        String runId = haltedRun();
        long lines = Files.readAllLines(Journals.journalFile(dir.resolve("state"), runId))
                .size();

        CliHarness.Result noReason = drctl().run("resume", runId, "--skip", "gate");
        CliHarness.Result completed = drctl().run("resume", runId, "--skip", "fence", "--reason", "x");
        CliHarness.Result both = drctl().run("resume", runId, "--skip", "gate", "--redo", "gate", "--reason", "x");

        assertThat(noReason.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(noReason.err()).contains("--skip needs --reason");
        assertThat(completed.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(completed.err()).contains("has already completed").contains("--redo");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(Files.readAllLines(Journals.journalFile(dir.resolve("state"), runId)))
                .hasSize((int) lines);
    }

    @Test
    void a_skipped_step_lets_the_run_go_on_with_who_and_why_on_record() throws Exception {
        String runId = haltedRun();

        CliHarness.Result resume =
                drctl().run("resume", runId, "--skip", "gate", "--reason", "gate's site is gone", "--operator", "kim");

        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(ExitCode.SUCCESS.code());
        var events = Journals.read(dir.resolve("state"), runId).events();
        assertThat(events)
                .filteredOn(RunEvent.StepOverridden.class::isInstance)
                .map(e -> (RunEvent.StepOverridden) e)
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.stepId()).isEqualTo("gate");
                    assertThat(o.action()).isEqualTo("skip");
                    assertThat(o.operator()).isEqualTo("kim");
                    assertThat(o.reason()).isEqualTo("gate's site is gone");
                });
        assertThat(events)
                .filteredOn(RunEvent.StepSucceeded.class::isInstance)
                .map(e -> ((RunEvent.StepSucceeded) e).stepId())
                .contains("promote")
                .doesNotContain("gate");
        assertThat(Files.readAllLines(marks)).hasSize(1); // the completed fence was not run again
        CliHarness.Result status = drctl().run("status", runId);
        assertThat(status.out()).contains("gate").contains("skipped");
    }
}
