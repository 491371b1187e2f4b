package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.Eventually;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Plan;
import io.drctl.sandbox.Sandbox;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scenarios against the sandbox, plus what only a simulated cluster lets a test arrange. */
class SandboxScenariosIT extends KubernetesScenarios {
    private static Sandbox sandbox;
    private static KubernetesClient client;
    private static Path sandboxDir;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandboxDir = Files.createTempDirectory("drctl-sandbox-it");
        sandbox = Sandbox.start(Sandbox.Options.of(sandboxDir, "a").controllerDelay(Duration.ofMillis(200)));
        client = sandbox.site("a").client();
    }

    @AfterAll
    static void stopSandbox() {
        client.close();
        sandbox.close();
    }

    @Override
    protected Path kubeconfig() {
        return sandbox.kubeconfig();
    }

    @Override
    protected String context() {
        return "a";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public String nodeInZoneA() {
        // The sandbox's nodes outlive a test: earlier tests' nodes are cordoned and lose their
        // zone, so pods land only on this test's pair (zone a first) and a drain takes only its own.
        for (var n : client.nodes().list().getItems()) {
            client.nodes().withName(n.getMetadata().getName()).edit(x -> {
                x.getMetadata().getLabels().put("drctl-test/zone", "done");
                x.getSpec().setUnschedulable(true);
                return x;
            });
        }
        String a = ns + "-node-a";
        client.nodes()
                .resource(Manifests.node(a, Map.of("drctl-test/zone", "a")))
                .create();
        client.nodes()
                .resource(Manifests.node(ns + "-node-b", Map.of("drctl-test/zone", "b")))
                .create();
        return a;
    }

    @Test
    void a_wait_on_a_daemon_set_fails_at_its_deadline_while_a_node_cannot_run_its_pod() throws Exception {
        sandbox.site("a").killKubelet(nodeInZoneA()); // the node stays in the DaemonSet's count, its pod never starts
        client.apps()
                .daemonSets()
                .inNamespace(ns)
                .resource(agent("RollingUpdate"))
                .create();
        try {
            PlanRuns.Outcome run = runs().run(waitForAgents("3s"));

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.eventsOf(io.drctl.engine.event.RunEvent.StepFailed.class)
                            .get(0)
                            .message())
                    .isEqualTo("site a: not rolled " + "out before the deadline: " + ns
                            + "/agent (DaemonSet) 0/1 ready (0 of 1 updated pods available)");
        } finally {
            client.apps().daemonSets().inNamespace(ns).withName("agent").delete();
        }
    }

    @Test
    void drain_leaves_daemon_set_pods_alone() throws Exception {
        // the sandbox shares its nodes across tests: give this one its own zone label
        String node = ns + "-only";
        client.nodes()
                .resource(Manifests.node(node, Map.of("drctl-test/zone", ns)))
                .create();
        client.apps()
                .daemonSets()
                .inNamespace(ns)
                .resource(Manifests.daemonSet(ns, "log-shipper"))
                .create();
        Pod shipper = Eventually.until(
                Duration.ofSeconds(10),
                () -> client.pods().inNamespace(ns).withLabel("app", "log-shipper").list().getItems().stream()
                        .filter(p -> node.equals(p.getSpec().getNodeName()))
                        .findFirst()
                        .orElse(null),
                p -> p != null);
        Plan plan = plan("""
                - id: drain
                  type: k8s.drain
                  site: a
                  with: { nodeSelector: "drctl-test/zone=%s" }
                """.formatted(ns));

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepChecked.class).get(0).summary()).contains("1 DaemonSet/mirror pods left alone");
        assertThat(client.pods()
                        .inNamespace(ns)
                        .withName(shipper.getMetadata().getName())
                        .get())
                .isNotNull();
    }

    /**
     * Sandbox only: a real cluster's garbage collector deletes a pod whose owner is gone before a
     * drain could see it (kubectl meets such pods only in that race).
     */
    @Test
    void drain_refuses_a_pod_of_a_daemon_set_that_no_longer_exists_unless_forced() throws Exception {
        String node = ns + "-orphans";
        client.nodes()
                .resource(Manifests.node(node, Map.of("drctl-test/zone", ns)))
                .create();
        Pod orphan = new io.fabric8.kubernetes.api.model.PodBuilder(Manifests.barePod(ns, "agent-x", node))
                .editMetadata()
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("DaemonSet")
                .withName("agent")
                .withUid("gone")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build();
        client.pods().inNamespace(ns).resource(orphan).create();
        String steps = """
                - id: drain
                  type: k8s.drain
                  site: a
                  with: { nodeSelector: "drctl-test/zone=%s", force: %s }
                """;

        PlanRuns.Outcome refused = runs().run(plan(steps.formatted(ns, false)));

        assertThat(refused.result().outcome()).as(refused.describe()).isEqualTo(RunOutcome.BLOCKED);
        assertThat(refused.eventsOf(io.drctl.engine.event.RunEvent.StepFailed.class)
                        .get(0)
                        .message())
                .contains(ns + "/agent-x belongs to DaemonSet agent, which no longer exists", "force: true");
        assertThat(client.pods().inNamespace(ns).withName("agent-x").get()).isNotNull();

        PlanRuns.Outcome forced = runs().run(plan(steps.formatted(ns, true)));

        assertThat(forced.result().outcome()).as(forced.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(client.pods().inNamespace(ns).withName("agent-x").get()).isNull();
    }

    /** Sandbox only: a real API server sets deletionTimestamp itself, and a live kubelet ends the wait. */
    @Test
    void patch_changes_a_custom_resource_and_shows_the_fields_it_changes() throws Exception {
        try {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(Manifests.customResourceDefinition("postgresql.cnpg.io", "Cluster", "clusters", true))
                    .create();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException installedAlready) {
            // another test of this sandbox installed it
        }
        GenericKubernetesResource cluster = new GenericKubernetesResourceBuilder()
                .withApiVersion("postgresql.cnpg.io/v1")
                .withKind("Cluster")
                .withNewMetadata()
                .withName("chat-db")
                .withNamespace(ns)
                .endMetadata()
                .withAdditionalProperties(
                        Map.of("spec", Map.of("instances", 3, "replica", Map.of("enabled", true, "source", "pangyo"))))
                .build();
        client.genericKubernetesResources(ResourceTypes.context("postgresql.cnpg.io/v1", "Cluster", "clusters", true))
                .inNamespace(ns)
                .resource(cluster)
                .create();
        Plan plan = plan("""
                - id: promote
                  type: k8s.patch
                  site: a
                  with:
                    apiVersion: postgresql.cnpg.io/v1
                    kind: Cluster
                    name: chat-db
                    patch: { spec: { replica: { enabled: false } } }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepChecked.class).get(0).changes())
                .containsExactly("Cluster " + ns + "/chat-db: spec.replica.enabled: true → false");
        GenericKubernetesResource after = client.genericKubernetesResources(
                        ResourceTypes.context("postgresql.cnpg.io/v1", "Cluster", "clusters", true))
                .inNamespace(ns)
                .withName("chat-db")
                .get();
        assertThat(after.<Boolean>get("spec", "replica", "enabled")).isFalse();
        assertThat(after.<String>get("spec", "replica", "source")).isEqualTo("pangyo");
    }
}
