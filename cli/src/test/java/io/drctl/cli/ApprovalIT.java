package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent.ApprovalDenied;
import io.drctl.engine.event.RunEvent.ApprovalGiven;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals handed in by another process while a run (its own JVM, no terminal) waits. */
class ApprovalIT {
    @TempDir
    Path dir;

    Path plan(String timeout) throws Exception {
        Path plan = dir.resolve("approve.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: approval-test }
                spec:
                  steps:
                    - id: go-ahead
                      type: approval
                      timeout: %s
                      with: { message: "Standby is healthy. Move traffic?" }
                    - id: reroute
                      type: exec
                      needs: [go-ahead]
                      with: { command: [touch, "%s"] }
                """.formatted(timeout, dir.resolve("rerouted")));
        return plan;
    }

    @Test
    void a_run_waits_for_drctl_approve_from_another_process_and_records_who_approved() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of("USER", "night-shift"),
                "--state-dir",
                state.toString(),
                "run",
                plan("5m").toString(),
                "--reason",
                "drill");
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        ApprovalRequested request = (ApprovalRequested)
                Journals.await(state, runId, ApprovalRequested.class::isInstance, Duration.ofSeconds(30));
        assertThat(request.command()).isEqualTo("drctl approve --state-dir " + state + " " + runId + " go-ahead");

        CliHarness colleague = new CliHarness(state).env("USER", "incident-commander");
        CliHarness.Result status = colleague.run("status", runId);
        assertThat(status.out()).contains("running").contains("Waiting for approval of step go-ahead");

        CliHarness.Result approve = colleague.run("approve", runId, "go-ahead", "--comment", "checked dashboards");
        assertThat(approve.exitCode()).as(approve.toString()).isEqualTo(ExitCode.SUCCESS.code());

        assertThat(run.waitFor(Duration.ofSeconds(30))).as(run.output()).isZero();
        assertThat(dir.resolve("rerouted")).exists();
        ApprovalGiven given =
                (ApprovalGiven) Journals.await(state, runId, ApprovalGiven.class::isInstance, Duration.ofSeconds(1));
        assertThat(given.who()).isEqualTo("incident-commander");
        assertThat(given.how()).startsWith("drctl approve on ");
        assertThat(given.comment()).isEqualTo("checked dashboards");
        assertThat(given.requestId()).isEqualTo(request.requestId());
    }

    @Test
    void a_denied_approval_stops_the_run_with_exit_3_and_nothing_after_it_runs() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                plan("5m").toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(state, runId, ApprovalRequested.class::isInstance, Duration.ofSeconds(30));

        CliHarness.Result deny =
                new CliHarness(state).run("approve", runId, "go-ahead", "--deny", "--comment", "standby lags");
        assertThat(deny.exitCode()).as(deny.toString()).isEqualTo(ExitCode.SUCCESS.code());

        assertThat(run.waitFor(Duration.ofSeconds(30))).as(run.output()).isEqualTo(3);
        assertThat(dir.resolve("rerouted")).doesNotExist();
        assertThat(Journals.await(state, runId, ApprovalDenied.class::isInstance, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        ApprovalDenied.class, d -> assertThat(d.comment()).isEqualTo("standby lags"));
        assertThat(run.stdout()).contains("denied");
    }

    @Test
    void approve_and_deny_at_the_same_moment_exactly_one_wins_and_the_other_is_told_who_decided() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                plan("5m").toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(state, runId, ApprovalRequested.class::isInstance, Duration.ofSeconds(30));

        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        var approve = two.submit(() -> {
            start.await();
            return new CliHarness(state).env("USER", "kim").run("approve", runId, "go-ahead");
        });
        var deny = two.submit(() -> {
            start.await();
            return new CliHarness(state).env("USER", "lee").run("approve", runId, "go-ahead", "--deny");
        });
        start.countDown();
        CliHarness.Result a = approve.get();
        CliHarness.Result d = deny.get();
        two.shutdown();

        assertThat(java.util.List.of(a.exitCode(), d.exitCode()))
                .as(a + "\n" + d)
                .containsExactlyInAnyOrder(0, 3);
        CliHarness.Result loser = a.exitCode() == 3 ? a : d;
        String winner = a.exitCode() == 0 ? "approved by kim" : "denied by lee";
        assertThat(loser.err()).contains("was already " + winner).contains("was not recorded");
        int exit = run.waitFor(Duration.ofSeconds(30));
        assertThat(exit).as(run.output()).isEqualTo(a.exitCode() == 0 ? 0 : 3);
    }

    @Test
    void approving_a_mistyped_step_names_the_step_that_is_waiting() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                plan("5m").toString());
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
        Journals.await(state, runId, ApprovalRequested.class::isInstance, Duration.ofSeconds(30));

        CliHarness.Result typo = new CliHarness(state).run("approve", runId, "go_ahead");
        CliHarness.Result right = new CliHarness(state).run("approve", runId, "go-ahead");

        assertThat(typo.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(typo.err())
                .isEqualTo("drctl: run " + runId + " is not waiting for an approval of step 'go_ahead'; it is waiting "
                        + "for step 'go-ahead': drctl approve " + runId + " go-ahead\n");
        assertThat(right.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(run.waitFor(Duration.ofSeconds(30))).as(run.output()).isZero();
    }

    @Test
    void an_approval_nobody_gives_in_time_ends_the_run_with_exit_3() throws Exception {
        Path state = dir.resolve("state");
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                state.toString(),
                "run",
                plan("1s").toString());
        assertThat(run.waitFor(Duration.ofSeconds(30))).as(run.output()).isEqualTo(3);
        assertThat(run.stdout()).contains("no decision within 1s");
        assertThat(dir.resolve("rerouted")).doesNotExist();
    }

    @Test
    void approving_a_step_that_is_not_waiting_is_a_usage_error() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state"));
        CliHarness.Result run = drctl.run("run", plan("5m").toString(), "--yes");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        CliHarness.Result late = drctl.run("approve", runId, "go-ahead");
        assertThat(late.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(late.err())
                .isEqualTo("drctl: run " + runId
                        + " is not waiting for an approval of step 'go-ahead' (see 'drctl status " + runId + "')\n");
    }
}
