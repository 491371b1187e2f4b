package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.engine.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drctl sandbox up} as an operator runs it: a separate process in the foreground, the
 * example plan snapshotted, previewed and run against it from another, and Ctrl-C to stop it.
 */
class SandboxUpIT {
    @TempDir
    Path dir;

    @Test
    void the_example_plan_runs_against_drctl_sandbox_up_which_stops_on_ctrl_c() throws Exception {
        Path example = KubernetesCliIT.EXAMPLE;
        DrctlProcess sandbox = DrctlProcess.start(
                dir,
                Map.of(),
                "--state-dir",
                dir.resolve("sandbox-state").toString(),
                "sandbox",
                "up",
                "--seed",
                KubernetesCliIT.SEED.toString(),
                "--controller-delay",
                "200ms");
        try {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!sandbox.stdout().contains("Ctrl-C stops the sandbox.")) {
                assertThat(sandbox.process().isAlive()).as(sandbox.output()).isTrue();
                assertThat(System.nanoTime()).as("sandbox up within 30s").isLessThan(end);
                Thread.sleep(100);
            }
            String kubeconfig = sandbox.stdout()
                    .lines()
                    .filter(l -> l.startsWith("kubeconfig: "))
                    .findFirst()
                    .orElseThrow()
                    .substring("kubeconfig: ".length());
            CliHarness drctl = new CliHarness(dir.resolve("state"));

            assertThat(drctl.run("--kubeconfig", kubeconfig, "snapshot", example.toString(), "--site", "site-a")
                            .exitCode())
                    .isEqualTo(ExitCode.SUCCESS.code());
            CliHarness.Result plan = drctl.run("--kubeconfig", kubeconfig, "plan", example.toString());
            while (!plan.out().contains("chat/api: 6 → 0") && System.nanoTime() < end) {
                Thread.sleep(200); // the simulated controllers have not started site-a's seeded pods yet
                plan = drctl.run("--kubeconfig", kubeconfig, "plan", example.toString());
            }
            assertThat(plan.out())
                    .as(plan.toString())
                    .contains("chat/api: 0 → 6", "chat/ws (StatefulSet): 0 → 4", "chat/api: 6 → 0");
            CliHarness.Result run = drctl.run("--kubeconfig", kubeconfig, "run", example.toString());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());

            sandbox.signal("INT");
            assertThat(sandbox.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("stopped by Ctrl-C")
                    .isTrue();
            assertThat(sandbox.stderr()).doesNotContain("Exception", "WARNING", "INFO");
        } finally {
            if (sandbox.process().isAlive()) {
                sandbox.killHard();
            }
        }
    }
}
