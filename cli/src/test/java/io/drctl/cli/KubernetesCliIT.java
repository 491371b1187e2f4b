package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drctl's Kubernetes commands against the sandbox seeded with the example's two sites, over real HTTP. */
class KubernetesCliIT {
    static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    static final Path EXAMPLE = REPO.resolve("plans/examples/k8s-failover.yaml");
    static final Path SEED = REPO.resolve("deploy/sandbox/k8s-failover-seed.yaml");

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private CliHarness drctl;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(Sandbox.Options.of(dir.resolve("sandbox"), "site-a", "site-b")
                .controllerDelay(Duration.ofMillis(200))
                .seed(SEED));
        drctl = new CliHarness(dir.resolve("state"))
                .env("KUBECONFIG", sandbox.kubeconfig().toString());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** Waits until the simulated controllers of site-a run the seeded workloads' pods (6 api, 4 ws, 2 db-proxy). */
    private void awaitSiteAPods() throws InterruptedException {
        try (KubernetesClient a = sandbox.site("site-a").client()) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (a.pods().inNamespace("chat").list().getItems().size() < 12) {
                assertThat(System.nanoTime()).as("site-a's pods within 20s").isLessThan(end);
                Thread.sleep(100);
            }
        }
    }

    private CliHarness.Result snapshotSiteA() {
        CliHarness.Result r = drctl.run("snapshot", EXAMPLE.toString(), "--site", "site-a");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        return r;
    }

    @Test
    void the_example_plan_shows_every_replica_change_then_runs_against_the_sandbox() throws Exception {
        awaitSiteAPods();
        CliHarness.Result snapshot = snapshotSiteA();
        assertThat(snapshot.out())
                .contains(
                        "Deployment/chat/api: 6",
                        "StatefulSet/chat/ws: 4",
                        "and to ConfigMap drctl/drctl-snapshot-k8s-failover-site-a in site site-b");

        CliHarness.Result plan = drctl.run("plan", EXAMPLE.toString(), "--detailed-exitcode");

        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCode.CHANGES_PENDING.code());
        assertThat(plan.out())
                .contains(
                        "node site-a-1: cordon",
                        "node site-a-2: cordon",
                        "chat/api: 6 → 0",
                        "chat/db-proxy: 2 → 0",
                        "chat/ws (StatefulSet): 4 → 0",
                        "from snapshot of site site-a taken",
                        "chat/api: 0 → 6",
                        "chat/ws (StatefulSet): 0 → 4",
                        "will wait until 2 workloads are rolled out on site site-b");

        CliHarness.Result run = drctl.run("run", EXAMPLE.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        try (KubernetesClient b = sandbox.site("site-b").client();
                KubernetesClient a = sandbox.site("site-a").client()) {
            Deployment api =
                    b.apps().deployments().inNamespace("chat").withName("api").get();
            assertThat(api.getSpec().getReplicas()).isEqualTo(6);
            assertThat(api.getStatus().getReadyReplicas()).isEqualTo(6);
            assertThat(a.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get()
                            .getSpec()
                            .getReplicas())
                    .isZero();
        }
    }

    @Test
    void the_example_still_fails_over_when_site_a_is_gone() {
        snapshotSiteA();
        sandbox.site("site-a").stop();

        CliHarness.Result run = drctl.run("run", EXAMPLE.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(run.out()).contains("[drain-site-a] – skipped", "site site-a");
    }

    @Test
    void a_snapshot_of_a_site_that_does_not_answer_exits_69_naming_it() {
        sandbox.site("site-a").stop();

        CliHarness.Result r = drctl.run("snapshot", EXAMPLE.toString(), "--site", "site-a");

        assertThat(r.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(r.err())
                .startsWith("drctl: site site-a")
                .contains("unreachable")
                .doesNotContain("Exception");
    }

    @Test
    void a_run_while_another_machine_holds_the_plans_lease_exits_75_naming_the_holder() {
        try (KubernetesClient b = sandbox.site("site-b").client()) {
            b.leases()
                    .inNamespace("drctl")
                    .resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName("drctl-plan-k8s-failover")
                            .endMetadata()
                            .withNewSpec()
                            .withHolderIdentity("run 20261122-030000-abcd (operator kim on host laptop-7, pid 4242)")
                            .withLeaseDurationSeconds(30)
                            .withRenewTime(Instant.now().atZone(ZoneOffset.UTC))
                            .endSpec()
                            .build())
                    .create();
        }

        CliHarness.Result r = drctl.run("run", EXAMPLE.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.LOCKED.code());
        assertThat(r.err()).contains("held by run 20261122-030000-abcd (operator kim on host laptop-7, pid 4242)");
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }

    @Test
    void resume_continues_a_run_of_another_machine_from_the_state_site() throws Exception {
        Path flag = dir.resolve("go");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: two-machines }
                spec:
                  sites:
                    site-b: { kubernetes: { context: site-b, namespace: chat } }
                  state: { site: site-b }
                  steps:
                    - id: scale
                      type: k8s.scale
                      site: site-b
                      with: { names: [api], replicas: 2 }
                    - id: gate
                      type: exec
                      needs: [scale]
                      with: { command: [test, -f, "%s"] }
                """.formatted(flag));
        CliHarness.Result first = drctl.run("run", plan.toString());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.STEP_FAILED.code());
        String runId = first.out()
                .lines()
                .filter(l -> l.startsWith("journal: "))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*/runs/([^/]+)/journal.jsonl", "$1");
        Files.writeString(flag, "");
        CliHarness otherMachine = new CliHarness(dir.resolve("other-state"))
                .env("KUBECONFIG", sandbox.kubeconfig().toString());

        CliHarness.Result resumed = otherMachine.run("resume", runId, "--plan", plan.toString());

        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(resumed.err())
                .contains("run " + runId + " is not on this machine; restored it from its mirror in site site-b");
        assertThat(resumed.out()).contains("[scale] – skipped: completed before the resume");
        assertThat(otherMachine.run("status", runId).out()).contains("succeeded");
    }

    @Test
    void sandbox_up_prints_the_kubeconfig_and_how_to_point_drctl_at_it() throws Exception {
        Path where = dir.resolve("sb");

        CliHarness.Result r =
                drctl.run("sandbox", "up", "--sites", "pangyo,gasan", "--dir", where.toString(), "--for", "300ms");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out())
                .contains(
                        "2 simulated sites",
                        "pangyo  http://127.0.0.1:",
                        "gasan  http://127.0.0.1:",
                        "kubeconfig: " + where.resolve("kubeconfig"),
                        "export KUBECONFIG=" + where.resolve("kubeconfig"),
                        "--kubeconfig");
        assertThat(Files.readString(where.resolve("kubeconfig"))).contains("\"pangyo\"", "\"gasan\"");
        assertThat(r.err()).isEmpty();
    }
}
