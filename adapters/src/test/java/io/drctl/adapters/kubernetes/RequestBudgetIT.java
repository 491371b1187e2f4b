package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunOutcome;
import io.drctl.sandbox.Sandbox;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a step costs the API server, counted by the sandbox: requests must grow with the work
 * (one PATCH per workload that changes), not with polling (a GET per workload per round). At
 * 20 ms a round trip, the difference is a failover in seconds or in minutes.
 */
class RequestBudgetIT {
    private static final int WORKLOADS = 40;

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient client;

    @BeforeEach
    void forty_deployments_in_two_namespaces() {
        sandbox =
                Sandbox.start(Sandbox.Options.of(dir.resolve("sandbox"), "b").controllerDelay(Duration.ofMillis(200)));
        client = sandbox.site("b").client();
        for (int i = 0; i < WORKLOADS; i++) {
            client.resource(Manifests.deployment("ns-" + (i % 2), "app-" + i, 1, Map.of("part-of", "chat")))
                    .create();
        }
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    private Map<String, Long> counted(Runnable work) {
        Map<String, Long> before = sandbox.site("b").requestCounts();
        work.run();
        Map<String, Long> after = new HashMap<>(sandbox.site("b").requestCounts());
        after.replaceAll((verb, n) -> n - before.getOrDefault(verb, 0L));
        return after;
    }

    @Test
    void scaling_and_waiting_for_forty_workloads_costs_one_patch_each_and_lists_not_gets() throws Exception {
        PlanRuns runs = new PlanRuns(sandbox.kubeconfig(), dir.resolve("state"));
        var plan = runs.load(dir, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: budget }
                spec:
                  sites:
                    b: { kubernetes: { context: b } }
                  steps:
                    - id: scale
                      type: k8s.scale
                      site: b
                      timeout: 2m
                      with: { namespaces: [ns-0, ns-1], selector: part-of=chat, replicas: 2 }
                    - id: rolled-out
                      type: k8s.wait
                      site: b
                      needs: [scale]
                      timeout: 2m
                      with: { namespaces: [ns-0, ns-1], selector: part-of=chat, interval: 200ms }
                """);
        PlanRuns.Outcome[] outcome = new PlanRuns.Outcome[1];

        Map<String, Long> requests = counted(() -> outcome[0] = runs.run(plan));

        assertThat(outcome[0].result().outcome()).as(outcome[0].describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(requests.get("patch")).as("one PATCH per workload").isEqualTo(WORKLOADS);
        assertThat(requests.getOrDefault("get", 0L))
                .as("no GET per workload: %s", requests)
                .isLessThan(WORKLOADS / 4);
        assertThat(requests.values().stream().mapToLong(Long::longValue).sum())
                .as("all requests: %s", requests)
                .isLessThan(2L * WORKLOADS);
    }
}
