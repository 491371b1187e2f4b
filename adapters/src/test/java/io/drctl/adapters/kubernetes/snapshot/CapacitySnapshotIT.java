package io.drctl.adapters.kubernetes.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.DeadSite;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Plan;
import io.drctl.sandbox.Sandbox;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standby site is scaled to the capacity the failed site had, when the failed site cannot be asked. */
class CapacitySnapshotIT {
    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient pangyo;
    private KubernetesClient gasan;
    private PlanRuns runs;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(
                Sandbox.Options.of(dir.resolve("sandbox"), "pangyo", "gasan").controllerDelay(Duration.ofMillis(100)));
        pangyo = sandbox.site("pangyo").client();
        gasan = sandbox.site("gasan").client();
        for (KubernetesClient c : new KubernetesClient[] {pangyo, gasan}) {
            c.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(Manifests.deployment("chat", "api", c == pangyo ? 6 : 0, Map.of("tier", "api")))
                    .create();
            c.apps()
                    .statefulSets()
                    .inNamespace("chat")
                    .resource(Manifests.statefulSet("chat", "ws", c == pangyo ? 4 : 0, Map.of("tier", "ws")))
                    .create();
            c.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(Manifests.deployment("chat", "db-proxy", 2, Map.of("tier", "db")))
                    .create();
        }
        runs = new PlanRuns(sandbox.kubeconfig(), dir.resolve("machine-1"));
    }

    @AfterEach
    void stop() {
        pangyo.close();
        gasan.close();
        sandbox.close();
    }

    private Plan plan(PlanRuns r, String replicas) throws Exception {
        return r.load(dir, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: chat-failover }
                spec:
                  sites:
                    pangyo: { kubernetes: { context: pangyo, namespace: chat } }
                    gasan: { kubernetes: { context: gasan, namespace: chat } }
                  state: { site: gasan }
                  steps:
                    - id: scale-gasan
                      type: k8s.scale
                      site: gasan
                      timeout: 30s
                      with: { selector: "tier in (api,ws)", replicas: %s }
                """.formatted(replicas));
    }

    private int replicas(KubernetesClient c, String kind, String name) {
        return kind.equals("Deployment")
                ? c.apps()
                        .deployments()
                        .inNamespace("chat")
                        .withName(name)
                        .get()
                        .getSpec()
                        .getReplicas()
                : c.apps()
                        .statefulSets()
                        .inNamespace("chat")
                        .withName(name)
                        .get()
                        .getSpec()
                        .getReplicas();
    }

    @Test
    void a_snapshot_records_what_the_plans_steps_select_locally_and_in_the_state_site() throws Exception {
        SnapshotTaker.Taken taken = SnapshotTaker.take(plan(runs, "fromSnapshot"), "pangyo", runs.environment());

        assertThat(taken.snapshot().workloads())
                .extracting(CapacitySnapshot.Entry::key, CapacitySnapshot.Entry::replicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Deployment/chat/api", 6),
                        org.assertj.core.groups.Tuple.tuple("StatefulSet/chat/ws", 4));
        assertThat(taken.file()).exists().startsWith(dir.resolve("machine-1/snapshots/chat-failover/pangyo"));
        assertThat(taken.configMap()).contains("drctl/drctl-snapshot-chat-failover-pangyo in site gasan");
        assertThat(SnapshotStore.newestRemote(gasan, "drctl", "chat-failover", "pangyo"))
                .contains(taken.snapshot());
    }

    @Test
    void from_snapshot_scales_the_standby_to_the_failed_sites_capacity_while_that_site_is_gone() throws Exception {
        SnapshotTaker.take(plan(runs, "fromSnapshot"), "pangyo", runs.environment());
        sandbox.site("pangyo").stop();

        PlanRuns.Outcome run = runs.run(plan(runs, "fromSnapshot"));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(replicas(gasan, "Deployment", "api")).isEqualTo(6);
        assertThat(replicas(gasan, "StatefulSet", "ws")).isEqualTo(4);
        assertThat(replicas(gasan, "Deployment", "db-proxy")).isEqualTo(2);
        Map<String, Object> outputs = run.eventsOf(StepSucceeded.class).get(0).outputs();
        assertThat(outputs.get("previous")).isEqualTo(Map.of("Deployment/chat/api", 0, "StatefulSet/chat/ws", 0));
        assertThat((String) outputs.get("source")).matches("snapshot of site pangyo taken \\d+s ago \\(.*\\)");
    }

    @Test
    void another_machine_finds_the_snapshot_in_the_state_site() throws Exception {
        SnapshotTaker.take(plan(runs, "fromSnapshot"), "pangyo", runs.environment());
        sandbox.site("pangyo").stop();
        PlanRuns elsewhere = runs.elsewhere(dir.resolve("machine-2"), "machine-2");

        PlanRuns.Outcome run = elsewhere.run(plan(elsewhere, "fromSnapshot"));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(replicas(gasan, "Deployment", "api")).isEqualTo(6);
    }

    @Test
    void from_site_copies_live_counts_and_falls_back_to_the_snapshot_when_the_site_is_gone() throws Exception {
        PlanRuns.Outcome live = runs.run(plan(runs, "{fromSite: pangyo}"));
        assertThat(live.result().outcome()).as(live.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(live.eventsOf(StepSucceeded.class).get(0).outputs())
                .containsEntry("source", "live counts of site pangyo");
        assertThat(replicas(gasan, "Deployment", "api")).isEqualTo(6);

        SnapshotTaker.take(plan(runs, "fromSnapshot"), "pangyo", runs.environment());
        pangyo.apps().deployments().inNamespace("chat").withName("api").scale(9);
        sandbox.site("pangyo").stop();
        PlanRuns.Outcome fallback = runs.run(plan(runs, "{fromSite: pangyo}"));

        assertThat(fallback.result().outcome()).as(fallback.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat((String)
                        fallback.eventsOf(StepSucceeded.class).get(0).outputs().get("source"))
                .startsWith("site pangyo does not answer; snapshot of site pangyo taken");
        assertThat(replicas(gasan, "Deployment", "api")).isEqualTo(6);
    }

    @Test
    void from_site_falls_back_to_the_snapshot_when_the_source_site_answers_version_but_hangs_on_the_rest()
            throws Exception {
        fromSiteWithHalfDeadSource(true);
    }

    @Test
    void from_site_falls_back_to_the_snapshot_when_its_own_read_is_the_first_to_hang() throws Exception {
        fromSiteWithHalfDeadSource(false);
    }

    private void fromSiteWithHalfDeadSource(boolean pangyoStepFirst) throws Exception {
        SnapshotTaker.take(plan(runs, "fromSnapshot"), "pangyo", runs.environment());
        sandbox.site("pangyo").stop();
        try (DeadSite halfDead = DeadSite.halfDead()) {
            PlanRuns here = new PlanRuns(
                    halfDead.kubeconfig(
                            dir, "pangyo", "gasan=" + sandbox.site("gasan").url()),
                    dir.resolve("machine-1"));
            Plan plan = here.load(dir, """
                    apiVersion: drctl.io/v1
                    kind: RecoveryPlan
                    metadata: { name: chat-failover }
                    spec:
                      sites:
                        pangyo: { kubernetes: { context: pangyo, namespace: chat, requestTimeout: 2s } }
                        gasan: { kubernetes: { context: gasan, namespace: chat } }
                      state: { site: gasan }
                      steps:
                        - { id: freeze-pangyo, type: k8s.scale, site: pangyo, ifUnreachable: skip, when: [%s],
                            with: { selector: "tier in (api,ws)", replicas: 0 } }
                        - { id: scale-gasan, type: k8s.scale, site: gasan, needs: [freeze-pangyo], timeout: 30s,
                            with: { selector: "tier in (api,ws)", replicas: { fromSite: pangyo } } }
                    """.formatted(pangyoStepFirst ? "failover" : "rehearsal"));

            long start = System.nanoTime();
            PlanRuns.Outcome run = here.run(plan);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.result().outcome().exitCode().code()).isZero();
            assertThat((String)
                            run.eventsOf(StepSucceeded.class).get(0).outputs().get("source"))
                    .startsWith("site pangyo does not answer; snapshot of site pangyo taken");
            assertThat(replicas(gasan, "Deployment", "api")).isEqualTo(6);
            assertThat(replicas(gasan, "StatefulSet", "ws")).isEqualTo(4);
            assertThat(halfDead.hungRequests())
                    .as("the half-dead site is asked once per run")
                    .isEqualTo(1);
            assertThat(took).as("one 2s request timeout for the run").isLessThan(Duration.ofSeconds(12));
        }
    }
}
