package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Plan;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k8s.wait on DaemonSets, judged as {@code kubectl rollout status} judges them; part of the
 * shared scenarios, so it runs against the sandbox and against K3s.
 */
interface DaemonSetScenarios {
    KubernetesClient client();

    /** The namespace this test made for itself. */
    String testNamespace();

    PlanRuns runs();

    Plan plan(String steps) throws Exception;

    /** A node labelled drctl-test/zone=a, the only one so labelled. */
    String nodeInZoneA();

    /**
     * A DaemonSet that runs on the node in zone a only (shared clusters have other nodes). Tests
     * delete it when done: later tests' nodes in zone a would otherwise run its pods too.
     */
    default DaemonSet agent(String strategy) {
        return new DaemonSetBuilder(Manifests.daemonSet(testNamespace(), "agent"))
                .editMetadata()
                .addToLabels("tier", "agent")
                .endMetadata()
                .editSpec()
                .withNewUpdateStrategy()
                .withType(strategy)
                .endUpdateStrategy()
                .editTemplate()
                .editSpec()
                .withNodeSelector(Map.of("drctl-test/zone", "a"))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    default Plan waitForAgents(String timeout) throws Exception {
        return plan("""
                - id: agents
                  type: k8s.wait
                  site: a
                  timeout: %s
                  with: { selector: "tier=agent", kinds: [DaemonSet] }
                """.formatted(timeout));
    }

    /** What the test asserts, after which the agent DaemonSet is deleted whatever happened. */
    interface Body {
        void run() throws Exception;
    }

    default void withAgent(String strategy, Body body) throws Exception {
        nodeInZoneA();
        client().apps()
                .daemonSets()
                .inNamespace(testNamespace())
                .resource(agent(strategy))
                .create();
        try {
            body.run();
        } finally {
            client().apps()
                    .daemonSets()
                    .inNamespace(testNamespace())
                    .withName("agent")
                    .delete();
        }
    }

    @Test
    default void a_wait_on_a_daemon_set_is_done_only_when_its_new_template_runs_available_on_every_node()
            throws Exception {
        withAgent("RollingUpdate", () -> {
            client().apps()
                    .daemonSets()
                    .inNamespace(testNamespace())
                    .withName("agent")
                    .edit(d -> {
                        d.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
                        return d;
                    });

            PlanRuns.Outcome run = runs().run(waitForAgents("120s"));

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.eventsOf(StepProgress.class))
                    .extracting(StepProgress::message)
                    .last()
                    .isEqualTo("1/1 ready");
            DaemonSet ds = client().apps()
                    .daemonSets()
                    .inNamespace(testNamespace())
                    .withName("agent")
                    .get();
            assertThat(ds.getStatus().getObservedGeneration())
                    .isGreaterThanOrEqualTo(ds.getMetadata().getGeneration());
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(1);
            assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(1);
        });
    }

    @Test
    default void a_daemon_set_that_updates_on_delete_is_not_waited_on_and_the_step_says_so() throws Exception {
        withAgent("OnDelete", () -> {
            PlanRuns.Outcome run = runs().run(waitForAgents("30s"));

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.eventsOf(StepProgress.class))
                    .extracting(StepProgress::message)
                    .contains(testNamespace()
                            + "/agent (DaemonSet): updateStrategy OnDelete, not waited on (its pods take a new "
                            + "template only when deleted)");
        });
    }
}
