package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
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

        CliHarness.Result r = cli.run(
                "rehearse",
                REPO.resolve("plans/examples/demo-failover.yaml").toString(),
                "--sandbox",
                REPO.resolve("deploy/sandbox/two-site-app.yaml").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err())
                .contains("--sandbox simulates Kubernetes sites only")
                .contains("fence-pangyo-db (db.fence)")
                .contains("when: [failover]");
        assertThat(dir.resolve("state").resolve("runs")).doesNotExist();
    }

    @Test
    void a_production_plan_is_rehearsed_against_simulated_sites_under_its_own_context_names() throws Exception {
        // The example plan as production would write it: contexts named after the real clusters.
        Path plan = dir.resolve("prod.yaml");
        Files.writeString(
                plan,
                Files.readString(REPO.resolve("plans/examples/k8s-two-site-failover.yaml"))
                        .replace("context: pangyo,", "context: prod-pangyo-k8s,")
                        .replace("context: gasan,", "context: prod-gasan-k8s,"));
        CliHarness cli = new CliHarness(dir.resolve("state"));

        CliHarness.Result r = cli.run(
                "rehearse",
                plan.toString(),
                "--sandbox",
                REPO.resolve("deploy/sandbox/two-site-app.yaml").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out()).contains("rehearsing against a sandbox seeded from").contains("nothing real moves");
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        var journal = Journals.read(dir.resolve("state"), runId);
        assertThat(journal.first(RunStarted.class).orElseThrow().reason()).contains("against a sandbox seeded from");
        assertThat(journal.eventsOf(StepSucceeded.class))
                .extracting(StepSucceeded::stepId)
                .contains("drain-pangyo", "scale-gasan", "gasan-rolled-out");
    }

    @Test
    void a_snapshot_of_a_site_the_plan_does_not_have_is_refused_in_one_line() throws Exception {
        Path snapshot = dir.resolve("snapshot.json");
        Files.writeString(snapshot, """
                {"plan": "k8s-two-site-failover", "site": "busan", "takenAt": "2026-12-01T00:00:00Z",
                 "workloads": [{"key": "Deployment/chat/api", "replicas": 6}]}
                """);
        CliHarness cli = new CliHarness(dir.resolve("state"));

        CliHarness.Result r = cli.run(
                "rehearse",
                REPO.resolve("plans/examples/k8s-two-site-failover.yaml").toString(),
                "--sandbox",
                snapshot.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err().strip())
                .startsWith("drctl: --sandbox: the snapshot is of site busan")
                .doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(dir.resolve("state").resolve("runs")).doesNotExist();
    }

    @Test
    void a_snapshot_with_a_workload_no_selector_of_the_plan_selects_is_refused_naming_it() throws Exception {
        Path snapshot = dir.resolve("snapshot.json");
        Files.writeString(snapshot, """
                {"plan": "k8s-two-site-failover", "site": "pangyo", "takenAt": "2026-12-01T00:00:00Z",
                 "workloads": [{"key": "Deployment/billing/ledger", "replicas": 3}]}
                """);
        CliHarness cli = new CliHarness(dir.resolve("state"));

        CliHarness.Result r = cli.run(
                "rehearse",
                REPO.resolve("plans/examples/k8s-two-site-failover.yaml").toString(),
                "--sandbox",
                snapshot.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("selects Deployment/billing/ledger as the snapshot records it");
        assertThat(dir.resolve("state").resolve("runs")).doesNotExist();
    }

    @Test
    void a_plan_is_rehearsed_from_a_capacity_snapshot_at_the_counts_it_recorded() throws Exception {
        Path plan = REPO.resolve("plans/examples/k8s-two-site-failover.yaml");
        // The snapshot production's scheduled job would have saved: taken here from the manifests' sandbox.
        CliHarness first = new CliHarness(dir.resolve("first"));
        assertThat(first.run(
                                "rehearse",
                                plan.toString(),
                                "--sandbox",
                                REPO.resolve("deploy/sandbox/two-site-app.yaml").toString())
                        .exitCode())
                .isEqualTo(ExitCode.SUCCESS.code());
        Path snapshot;
        try (var files = Files.list(dir.resolve("first/snapshots/k8s-two-site-failover/pangyo"))) {
            snapshot = files.filter(f -> f.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow();
        }
        var recorded = io.drctl.adapters.kubernetes.snapshot.CapacitySnapshot.fromJson(Files.readString(snapshot));
        assertThat(recorded.workloads()).isNotEmpty();
        CliHarness cli = new CliHarness(dir.resolve("state"));

        CliHarness.Result r = cli.run("-o", "json", "rehearse", plan.toString(), "--sandbox", snapshot.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        var journal = Journals.read(dir.resolve("state"), runId);
        assertThat(journal.eventsOf(StepSucceeded.class))
                .extracting(StepSucceeded::stepId)
                .contains("drain-pangyo", "scale-gasan", "gasan-rolled-out");
        // gasan was scaled to exactly what the snapshot recorded for pangyo, workload by workload.
        var target = journal.eventsOf(StepSucceeded.class).stream()
                .filter(e -> e.stepId().equals("scale-gasan"))
                .findFirst()
                .orElseThrow()
                .outputs()
                .get("target");
        assertThat(target).isInstanceOf(java.util.Map.class);
        recorded.workloads()
                .forEach(e -> assertThat(((java.util.Map<?, ?>) target).get(e.key()))
                        .as(e.key())
                        .isEqualTo(e.replicas()));
        assertThat(dir.resolve("state/rehearsal-sandbox/seed-from-snapshot.yaml"))
                .content()
                .contains("capacity snapshot of site pangyo")
                .contains("kind: HorizontalPodAutoscaler");
    }
}
