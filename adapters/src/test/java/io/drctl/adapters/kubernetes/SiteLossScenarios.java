package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drctl.adapters.kubernetes.testing.DeadSite;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.plan.Plan;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a site loss does to the site that survives it: the failed site's API server half-dead,
 * pods stuck Terminating because their kubelet is gone. Part of the shared scenarios, so it runs
 * against the sandbox and against K3s (the half-dead site is a real HTTP server on loopback; the
 * stuck pod is held by a finalizer, which looks the same to a drain as a dead kubelet).
 */
interface SiteLossScenarios {
    KubernetesClient client();

    String testNamespace();

    PlanRuns runs();

    Plan plan(String steps) throws Exception;

    String nodeInZoneA();

    /** The kubeconfig context of the cluster under test. */
    String clusterContext();

    /** A directory of this test's own. */
    Path scenarioDir();

    void deploy(String name, int replicas, Map<String, String> labels) throws InterruptedException;

    @Test
    default void a_half_dead_failed_site_costs_one_request_timeout_and_the_surviving_sites_steps_still_run()
            throws Exception {
        deploy("api", 1, Map.of("tier", "api"));
        try (DeadSite failed = DeadSite.halfDead()) {
            PlanRuns both = runs().alsoReading(failed.kubeconfig(scenarioDir(), "failed"));
            Plan plan = both.load(scenarioDir(), """
                    apiVersion: drctl.io/v1
                    kind: RecoveryPlan
                    metadata: { name: site-loss }
                    spec:
                      sites:
                        failed: { kubernetes: { context: failed, namespace: %2$s, requestTimeout: 2s } }
                        a: { kubernetes: { context: %1$s, namespace: %2$s } }
                      steps:
                        - { id: freeze-failed, type: k8s.scale, site: failed, ifUnreachable: skip,
                            with: { selector: "tier=api", replicas: 0 } }
                        - { id: drain-failed, type: k8s.drain, site: failed, ifUnreachable: skip, needs: [freeze-failed],
                            with: { nodeSelector: "zone=failed-a" } }
                        - { id: scale-a, type: k8s.scale, site: a, needs: [drain-failed], timeout: 120s,
                            with: { names: [api], replicas: 2 } }
                    """.formatted(clusterContext(), testNamespace()));

            PlanRuns.Outcome run = both.run(plan);

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.eventsOf(StepSkipped.class))
                    .extracting(StepSkipped::stepId, StepSkipped::reason)
                    .containsExactly(
                            tuple("freeze-failed", SkipReason.UNREACHABLE),
                            tuple("drain-failed", SkipReason.UNREACHABLE));
            assertThat(run.eventsOf(StepSucceeded.class))
                    .extracting(StepSucceeded::stepId)
                    .containsExactly("scale-a");
            assertThat(failed.hungRequests())
                    .as("the half-dead site is asked once per run")
                    .isEqualTo(1);
            RunEvent.RunStarted started =
                    run.eventsOf(RunEvent.RunStarted.class).getFirst();
            StepStarted survivor = run.eventsOf(StepStarted.class).stream()
                    .filter(s -> s.stepId().equals("scale-a"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Duration.between(started.at(), survivor.at()))
                    .as("the failed site held the surviving site's step back by one 2s request timeout at most")
                    .isLessThan(Duration.ofMillis(5500));
        }
    }

    @Test
    default void drain_waits_for_a_pod_stuck_terminating_and_leaves_it_after_skip_wait_for_delete_timeout()
            throws Exception {
        String node = nodeInZoneA();
        Pod stuck = new PodBuilder(Manifests.barePod(testNamespace(), "stuck", node))
                .editMetadata()
                .withFinalizers("drctl-test/never")
                .endMetadata()
                .build();
        client().pods().inNamespace(testNamespace()).resource(stuck).create();
        client().pods().inNamespace(testNamespace()).withName("stuck").delete(); // Terminating, like on a dead kubelet
        try {
            assertThat(client().pods()
                            .inNamespace(testNamespace())
                            .withName("stuck")
                            .get()
                            .getMetadata()
                            .getDeletionTimestamp())
                    .isNotNull();
            String steps = """
                    - id: drain
                      type: k8s.drain
                      site: a
                      timeout: %s
                      with: { nodeSelector: "drctl-test/zone=a"%s }
                    """;

            PlanRuns.Outcome waited = runs().run(plan(steps.formatted("3s", "")));

            assertThat(waited.result().outcome()).as(waited.describe()).isEqualTo(RunOutcome.FAILED);
            assertThat(waited.eventsOf(StepFailed.class).getFirst().message())
                    .contains(testNamespace() + "/stuck (terminating)", "skipWaitForDeleteTimeout");

            PlanRuns.Outcome skipped = runs().run(plan(steps.formatted("120s", ", skipWaitForDeleteTimeout: 1s")));

            assertThat(skipped.result().outcome()).as(skipped.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(skipped.eventsOf(StepSucceeded.class)
                            .getFirst()
                            .outputs()
                            .get("leftBehind")
                            .toString())
                    .contains(testNamespace() + "/stuck", "longer than skipWaitForDeleteTimeout");
        } finally {
            client().pods()
                    .inNamespace(testNamespace())
                    .withName("stuck")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
        }
    }
}
