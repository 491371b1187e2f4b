package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.Eventually;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Plan;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deployment rollouts as a failover meets them — a new template rolled out through a new
 * ReplicaSet, a rollout that stops making progress, a scale-up whose pods find no node — judged
 * by k8s.wait and k8s.scale as {@code kubectl rollout status} judges them; part of the shared
 * scenarios, so it runs against the sandbox and against K3s.
 */
interface RolloutScenarios {
    KubernetesClient client();

    String testNamespace();

    PlanRuns runs();

    Plan plan(String steps) throws Exception;

    String nodeInZoneA();

    /** Creates the Deployment and waits until its replicas are ready. */
    void deploy(String name, int replicas, Map<String, String> labels) throws InterruptedException;

    private void patchDeployment(String name, String mergePatch) {
        client().apps()
                .deployments()
                .inNamespace(testNamespace())
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    private Plan waitFor(String selector, String timeout) throws Exception {
        return plan("""
                - id: rolled-out
                  type: k8s.wait
                  site: a
                  timeout: %s
                  with: { selector: "%s" }
                """.formatted(timeout, selector));
    }

    @Test
    default void a_wait_fails_at_once_when_a_rollout_exceeds_its_progress_deadline() throws Exception {
        deploy("api", 2, Map.of("tier", "api"));
        patchDeployment("api", """
                {"spec":{"progressDeadlineSeconds":3,
                  "template":{"spec":{"nodeSelector":{"drctl-test/zone":"nowhere"}}}}}""");

        long started = System.nanoTime();
        PlanRuns.Outcome run = runs().run(waitFor("tier=api", "120s"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.eventsOf(StepFailed.class).getFirst().message())
                .startsWith("site a: " + testNamespace() + "/api exceeded its progress deadline (")
                .contains("waiting longer will not help");
        assertThat(took)
                .as("failed on the controller's verdict, not at the step's 120 s")
                .isLessThan(Duration.ofSeconds(60));
        Deployment api = client().apps()
                .deployments()
                .inNamespace(testNamespace())
                .withName("api")
                .get();
        assertThat(api.getStatus().getAvailableReplicas())
                .as("the old pods keep serving")
                .isEqualTo(2);
    }

    @Test
    default void a_scale_up_whose_pods_fit_no_node_fails_at_the_step_deadline_and_says_how_many_are_ready()
            throws Exception {
        String node = nodeInZoneA();
        client().apps()
                .deployments()
                .inNamespace(testNamespace())
                .resource(new DeploymentBuilder(Manifests.deployment(testNamespace(), "api", 1, Map.of("tier", "api")))
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .withNodeSelector(Map.of("drctl-test/zone", "a"))
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        runs().run(waitFor("tier=api", "120s"));
        client().nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(true); // cordoned: its pod keeps running, new ones find no node
            return n;
        });
        try {
            PlanRuns.Outcome run = runs().run(plan("""
                    - id: up
                      type: k8s.scale
                      site: a
                      timeout: 5s
                      with: { names: [api], replicas: 3 }
                    """));

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.eventsOf(StepFailed.class).getFirst().message())
                    .as("Pending pods are never counted ready")
                    .contains("not rolled out before the deadline: " + testNamespace() + "/api 1/3 ready");
        } finally {
            // Its Pending pods would otherwise land on a later test's node in zone a.
            client().apps()
                    .deployments()
                    .inNamespace(testNamespace())
                    .withName("api")
                    .scale(0);
            Eventually.until(
                    Duration.ofSeconds(30),
                    () -> client().pods().inNamespace(testNamespace()).list().getItems(),
                    pods -> pods.stream().allMatch(p -> p.getSpec().getNodeName() != null));
        }
    }

    @Test
    default void a_new_template_is_waited_for_until_every_pod_runs_it() throws Exception {
        deploy("api", 2, Map.of("tier", "api"));
        patchDeployment(
                "api", "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"drctl-test/restarted\":\"1\"}}}}}");

        PlanRuns.Outcome run = runs().run(waitFor("tier=api", "120s"));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        ReplicaSet newest = client().apps().replicaSets().inNamespace(testNamespace()).list().getItems().stream()
                .max(Comparator.comparingLong(rs ->
                        Long.parseLong(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))))
                .orElseThrow();
        String hash = newest.getMetadata().getLabels().get("pod-template-hash");
        assertThat(hash).isNotBlank();
        assertThat(client().pods().inNamespace(testNamespace()).list().getItems().stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .map(Pod::getMetadata)
                        .map(m -> m.getLabels().get("pod-template-hash")))
                .as("every pod left runs the new template")
                .containsOnly(hash)
                .hasSize(2);
    }
}
