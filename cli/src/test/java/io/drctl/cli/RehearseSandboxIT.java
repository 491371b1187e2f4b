package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.event.RunEvent.RunStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drctl rehearse PLAN --sandbox SEED}: a plan written for production contexts, rehearsed
 * against simulated sites seeded with production's shape, with nothing real touched.
 */
class RehearseSandboxIT {
    private static final Path REPO = PlansFolderTest.REPO;

    @TempDir
    Path dir;

    @Test
    void a_plan_that_would_touch_a_real_database_is_refused_before_anything_starts() {
        CliHarness cli = new CliHarness(dir.resolve("state"));

        CliHarness.Result r = cli.run("rehearse", REPO.resolve("plans/examples/demo-failover.yaml").toString(),
                "--sandbox", REPO.resolve("deploy/sandbox/two-site-app.yaml").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(64);
        assertThat(r.err()).contains("--sandbox simulates Kubernetes sites only").contains("fence-pangyo-db (db.fence)")
                .contains("when: [failover]");
        assertThat(dir.resolve("state").resolve("runs")).doesNotExist();
    }

    @Test
    void a_production_plan_is_rehearsed_against_simulated_sites_under_its_own_context_names() throws Exception {
        // The example plan as production would write it: contexts named after the real clusters.
        Path plan = dir.resolve("prod.yaml");
        Files.writeString(plan, Files.readString(REPO.resolve("plans/examples/k8s-two-site-failover.yaml"))
                .replace("context: pangyo,", "context: prod-pangyo-k8s,").replace("context: gasan,", "context: prod-gasan-k8s,"));
        CliHarness cli = new CliHarness(dir.resolve("state"));

        CliHarness.Result r = cli.run("rehearse", plan.toString(), "--sandbox", REPO.resolve("deploy/sandbox/two-site-app.yaml").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("rehearsing against a sandbox seeded from").contains("nothing real moves");
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        var journal = Journals.read(dir.resolve("state"), runId);
        assertThat(journal.first(RunStarted.class).orElseThrow().reason()).contains("against a sandbox seeded from");
        assertThat(journal.eventsOf(StepSucceeded.class)).extracting(StepSucceeded::stepId)
                .contains("drain-pangyo", "scale-gasan", "gasan-rolled-out");
    }
}
