package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent.RunFinished;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks and signals across real processes. */
class ProcessLifecycleIT {
    @TempDir
    Path dir;

    Path slowPlan() throws Exception {
        Path plan = dir.resolve("slow.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: slow-plan }
                spec:
                  steps:
                    - id: hold
                      type: exec
                      with: { command: [sleep, "60"] }
                """);
        return plan;
    }

    @Test
    void a_second_run_of_a_locked_plan_exits_75_naming_the_holder() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess holder = DrctlProcess.start(
                dir,
                Map.of("USER", "alice"),
                "--state-dir",
                state.toString(),
                "run",
                slowPlan().toString());
        try {
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
            Journals.await(state, runId, StepStarted.class::isInstance, Duration.ofSeconds(30));
            CliHarness.Result second =
                    new CliHarness(state).run("run", slowPlan().toString());
            assertThat(second.exitCode()).isEqualTo(ExitCode.LOCKED.code());
            assertThat(second.err())
                    .startsWith("drctl: plan 'slow-plan' is locked by run " + runId + " (operator alice on host ")
                    .contains("pid " + holder.pid());
            assertThat(second.err().lines()).hasSize(1);
        } finally {
            holder.killHard();
        }
    }

    @Test
    void a_lock_left_by_a_killed_run_does_not_block_the_next_one() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess crashed = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                slowPlan().toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(state, runId, StepStarted.class::isInstance, Duration.ofSeconds(30));
        crashed.killHard();
        CliHarness.Result status = new CliHarness(state).run("status", runId);
        assertThat(status.out()).contains("crashed").contains("drctl resume " + runId);
    }

    @Test
    void ctrl_c_interrupts_the_running_step_journals_the_interrupt_and_exits_130() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                slowPlan().toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(state, runId, StepStarted.class::isInstance, Duration.ofSeconds(30));
        Thread.sleep(300); // let the step's process start
        run.signal("INT");
        assertThat(run.waitFor(Duration.ofSeconds(30))).as(run.output()).isEqualTo(130);
        RunFinished finished =
                (RunFinished) Journals.await(state, runId, RunFinished.class::isInstance, Duration.ofSeconds(1));
        assertThat(finished.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(Journals.read(state, runId).chainVerifies()).isTrue();
    }

    @Test
    void sigterm_from_a_supervisor_ends_like_ctrl_c_with_the_exit_code_the_last_line_states() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                slowPlan().toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(state, runId, StepStarted.class::isInstance, Duration.ofSeconds(30));
        Thread.sleep(300);
        run.signal("TERM");
        int exit = run.waitFor(Duration.ofSeconds(30));
        assertThat(exit).as(run.output()).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(run.stdout()).contains("(exit 130)");
        RunFinished finished =
                (RunFinished) Journals.await(state, runId, RunFinished.class::isInstance, Duration.ofSeconds(1));
        assertThat(finished.exitCode()).isEqualTo(exit);
        assertThat(Journals.read(state, runId).chainVerifies()).isTrue();
    }
}
