package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.Eventually;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.PlanPreview.Finding;
import io.drctl.engine.spi.CheckResult;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k8s.* step types against a cluster over real HTTP, through the real engine. Subclasses
 * provide the cluster: the sandbox ({@code SandboxScenariosIT}) or a real K3s
 * ({@code K3sScenariosIT}, where Docker is available).
 */
abstract class KubernetesScenarios implements DaemonSetScenarios, RolloutScenarios, SiteLossScenarios {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @TempDir
    Path dir;

    protected String ns;

    /** A kubeconfig whose context {@link #context()} is the cluster under test. */
    protected abstract Path kubeconfig();

    protected abstract String context();

    @Override
    public abstract KubernetesClient client();

    /**
     * A node labelled {@code drctl-test/zone=a} to drain, and nothing else labelled so (where the
     * cluster has room, pods evicted from it find another node; elsewhere they stay Pending, which
     * a drain does not wait for).
     */
    @Override
    public abstract String nodeInZoneA();

    /** How long a workload takes to become ready on this cluster, generously. */
    protected Duration readyWithin() {
        return Duration.ofSeconds(20);
    }

    @BeforeEach
    void namespace() {
        ns = "t" + NAMESPACES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
        client().namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
    }

    @Override
    public String clusterContext() {
        return context();
    }

    @Override
    public Path scenarioDir() {
        return dir;
    }

    @Override
    public PlanRuns runs() {
        return new PlanRuns(kubeconfig(), dir.resolve("state"));
    }

    @Override
    public Plan plan(String steps) throws Exception {
        return runs().load(dir, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: scenario }
                spec:
                  sites:
                    a: { kubernetes: { context: %s, namespace: %s } }
                  steps:
                %s""".formatted(context(), ns, steps.indent(4)));
    }

    @Override
    public String testNamespace() {
        return ns;
    }

    @Override
    public void deploy(String name, int replicas, Map<String, String> labels) throws InterruptedException {
        client().apps()
                .deployments()
                .inNamespace(ns)
                .resource(Manifests.deployment(ns, name, replicas, labels))
                .create();
        Eventually.until(
                readyWithin(),
                () -> client().apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName(name)
                        .get(),
                d -> d.getStatus() != null
                        && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas()));
    }

    private int replicas(String name) {
        return client().apps()
                .deployments()
                .inNamespace(ns)
                .withName(name)
                .get()
                .getSpec()
                .getReplicas();
    }

    @Test
    void a_set_based_selector_scales_exactly_the_workloads_it_selects() throws Exception {
        deploy("api", 1, Map.of("tier", "api"));
        deploy("ws", 1, Map.of("tier", "ws"));
        deploy("db", 1, Map.of("tier", "db"));
        Plan plan = plan("""
                - id: freeze
                  type: k8s.scale
                  site: a
                  with: { selector: "tier in (api,ws)", replicas: 0 }
                """);

        Finding preview = runs().preview(plan).get(0);
        assertThat(preview)
                .isInstanceOfSatisfying(
                        Finding.Checked.class,
                        c -> assertThat(((CheckResult.WillChange) c.result()).changes())
                                .containsExactly(ns + "/api: 1 → 0", ns + "/ws: 1 → 0"));

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(replicas("api")).isZero();
        assertThat(replicas("ws")).isZero();
        assertThat(replicas("db")).isEqualTo(1);
    }

    private void autoscaler(String workload, int min, int max) {
        client().autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder()
                        .withNewMetadata()
                        .withName(workload)
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withNewScaleTargetRef()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(workload)
                        .endScaleTargetRef()
                        .withMinReplicas(min)
                        .withMaxReplicas(max)
                        .endSpec()
                        .build())
                .create();
    }

    private io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec autoscalerOf(String workload) {
        return client().autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(ns)
                .withName(workload)
                .get()
                .getSpec();
    }

    @Test
    void scaling_a_workload_with_an_autoscaler_moves_its_bounds_so_the_autoscaler_keeps_the_count() throws Exception {
        deploy("api", 1, Map.of("tier", "api"));
        autoscaler("api", 1, 2);
        Plan plan = plan("""
                - id: up
                  type: k8s.scale
                  site: a
                  timeout: 60s
                  with: { names: [api], replicas: 3 }
                """);

        Finding preview = runs().preview(plan).get(0);
        assertThat(preview)
                .isInstanceOfSatisfying(
                        Finding.Checked.class,
                        c -> assertThat(((CheckResult.WillChange) c.result()).changes())
                                .contains("HorizontalPodAutoscaler " + ns
                                        + "/api: minReplicas 1 → 3, maxReplicas 2 → 3 (else it would move " + ns
                                        + "/api away from 3)"));

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(autoscalerOf("api").getMinReplicas()).isEqualTo(3);
        assertThat(autoscalerOf("api").getMaxReplicas()).isEqualTo(3);
        assertThat(run.eventsOf(io.drctl.engine.event.RunEvent.StepSucceeded.class)
                        .get(0)
                        .outputs())
                .containsEntry("autoscalersBefore", Map.of(ns + "/api", Map.of("minReplicas", 1, "maxReplicas", 2)));
    }

    @Test
    void with_autoscalers_left_alone_the_step_says_the_autoscaler_will_override_the_count() throws Exception {
        deploy("api", 1, Map.of("tier", "api"));
        autoscaler("api", 2, 4);
        Plan plan = plan("""
                - id: up
                  type: k8s.scale
                  site: a
                  timeout: 60s
                  with: { names: [api], replicas: 6, autoscalers: leave, waitForRollout: false }
                """);

        Finding preview = runs().preview(plan).get(0);
        assertThat(preview)
                .isInstanceOfSatisfying(
                        Finding.Checked.class,
                        c -> assertThat(((CheckResult.WillChange) c.result()).changes())
                                .contains("warning: HorizontalPodAutoscaler " + ns
                                        + "/api (minReplicas 2, maxReplicas 4) will move " + ns
                                        + "/api from 6 to at most 4"));
        PlanRuns.Outcome run = runs().run(plan);
        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(autoscalerOf("api").getMinReplicas()).isEqualTo(2);
    }

    @Test
    void scale_up_waits_for_the_rollout_and_reports_progress() throws Exception {
        deploy("api", 1, Map.of("tier", "api"));
        Plan plan = plan("""
                - id: up
                  type: k8s.scale
                  site: a
                  timeout: 60s
                  with: { names: [api], replicas: 3 }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepProgress.class))
                .extracting(StepProgress::message)
                .contains("3/3 ready");
        var d = client().apps().deployments().inNamespace(ns).withName("api").get();
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
    }

    @Test
    void wait_reports_progress_until_workloads_are_rolled_out() throws Exception {
        deploy("api", 1, Map.of("tier", "api"));
        client().apps()
                .deployments()
                .inNamespace(ns)
                .withName("api")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"replicas\":2}}");
        Plan plan = plan("""
                - id: rolled-out
                  type: k8s.wait
                  site: a
                  timeout: 60s
                  with: { selector: "tier=api" }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepProgress.class))
                .extracting(StepProgress::message)
                .last()
                .isEqualTo("2/2 ready");
    }

    @Test
    void wait_for_a_json_path_condition_on_any_resource() throws Exception {
        client().configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("switch")
                        .endMetadata()
                        .addToData("state", "standby")
                        .build())
                .create();
        Plan plan = plan("""
                - id: flipped
                  type: k8s.wait
                  site: a
                  timeout: 30s
                  with: { apiVersion: v1, kind: ConfigMap, name: switch, jsonPath: "{.data.state}", equals: primary, interval: 200ms }
                """);
        Thread flipper = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1000);
                client().configMaps().inNamespace(ns).withName("switch").edit(c -> {
                    c.getData().put("state", "primary");
                    return c;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        PlanRuns.Outcome run = runs().run(plan);
        flipper.join();

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepProgress.class))
                .extracting(StepProgress::message)
                .contains("{.data.state} is \"standby\", waiting for \"primary\"", "{.data.state} is \"primary\"");
    }

    @Test
    void patch_shows_the_fields_it_changes_then_changes_them() throws Exception {
        client().configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("routing")
                        .endMetadata()
                        .addToData("target", "pangyo")
                        .build())
                .create();
        Plan plan = plan("""
                - id: route
                  type: k8s.patch
                  site: a
                  with: { apiVersion: v1, kind: ConfigMap, name: routing, patch: { data: { target: gasan } } }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepChecked.class).get(0).changes())
                .containsExactly("ConfigMap " + ns + "/routing: data.target: \"pangyo\" → \"gasan\"");
        assertThat(client().configMaps()
                        .inNamespace(ns)
                        .withName("routing")
                        .get()
                        .getData())
                .containsEntry("target", "gasan");
        assertThat(runs().run(plan).eventsOf(StepChecked.class).get(0).result()).isEqualTo("already-done");
    }

    @Test
    void a_patch_of_a_kind_the_site_does_not_serve_names_it_before_changing_anything() throws Exception {
        Plan plan = plan("""
                - id: promote
                  type: k8s.patch
                  site: a
                  with: { apiVersion: widgets.example.com/v1, kind: Widget, name: w, patch: { spec: { on: true } } }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).isNotEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepFailed.class))
                .last()
                .extracting(StepFailed::message)
                .asString()
                .contains("serves no Widget in widgets.example.com/v1")
                .contains("CRD installed");
    }

    @Test
    void a_custom_resource_is_found_by_the_plural_and_scope_its_definition_gives() throws Exception {
        // An irregular plural no rule would guess: only discovery knows it.
        String group = ns + ".example.com";
        client().apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(Manifests.customResourceDefinition(group, "Goose", "geese", true))
                .create();
        var type = ResourceTypes.context(group + "/v1", "Goose", "geese", true);
        Eventually.until(
                readyWithin(),
                () -> {
                    try {
                        client().genericKubernetesResources(type)
                                .inNamespace(ns)
                                .resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                                        .withApiVersion(group + "/v1")
                                        .withKind("Goose")
                                        .withNewMetadata()
                                        .withName("honk")
                                        .withNamespace(ns)
                                        .endMetadata()
                                        .withAdditionalProperties(Map.of("spec", Map.of("loud", false)))
                                        .build())
                                .create();
                        return true;
                    } catch (RuntimeException notYetServed) {
                        return false; // a real API server serves a new CRD after a moment
                    }
                },
                created -> created);
        Plan plan = plan("""
                - id: louder
                  type: k8s.patch
                  site: a
                  with: { apiVersion: %s/v1, kind: Goose, name: honk, patch: { spec: { loud: true } } }
                """.formatted(group));

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        Boolean loud = client().genericKubernetesResources(type)
                .inNamespace(ns)
                .withName("honk")
                .get()
                .get("spec", "loud");
        assertThat(loud).isTrue();
    }

    @Test
    void server_side_apply_sets_the_fields_drctl_owns_as_field_manager_drctl() throws Exception {
        client().configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("routing")
                        .endMetadata()
                        .addToData("target", "pangyo")
                        .addToData("owner", "team-chat")
                        .build())
                .create();
        Plan plan = plan("""
                - id: route
                  type: k8s.patch
                  site: a
                  with: { apiVersion: v1, kind: ConfigMap, name: routing, type: apply, force: true, patch: { data: { target: gasan } } }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        var routing = client().configMaps().inNamespace(ns).withName("routing").get();
        assertThat(routing.getData()).containsEntry("target", "gasan");
    }

    @Test
    void drain_waits_while_a_disruption_budget_forbids_eviction_and_proceeds_once_it_allows() throws Exception {
        String node = nodeInZoneA();
        deploy("api", 2, Map.of());
        client().policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(ns)
                .resource(Manifests.minAvailable(ns, "api-pdb", "api", 2))
                .create();
        Plan plan = plan("""
                - id: drain
                  type: k8s.drain
                  site: a
                  timeout: 60s
                  with: { nodeSelector: "drctl-test/zone in (a)", deleteEmptyDirData: true }
                """);
        Thread relax = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(2500);
                client().policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .withName("api-pdb")
                        .edit(p -> {
                            p.getSpec().setMinAvailable(new IntOrString(0));
                            return p;
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        long start = System.nanoTime();
        PlanRuns.Outcome run = runs().run(plan);
        relax.join();

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("waited for the budget")
                .isGreaterThan(Duration.ofSeconds(2));
        assertThat(run.eventsOf(StepProgress.class))
                .extracting(StepProgress::message)
                .as(run.describe())
                .anyMatch(m -> m.contains("would violate its PodDisruptionBudget (429)"));
        assertThat(client().nodes().withName(node).get().getSpec().getUnschedulable())
                .isTrue();
        List<Pod> left = client().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName()))
                .toList();
        assertThat(left).isEmpty();
    }

    @Test
    void scale_to_zero_scales_every_workload_it_selects_also_those_without_a_pod_on_the_nodes() throws Exception {
        nodeInZoneA();
        deploy("api", 2, Map.of("part-of", "chat"));
        // Selected, but none of its pods is on the drained node now: they wait for a node that does not exist.
        client().apps()
                .deployments()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                                Manifests.deployment(ns, "queued", 2, Map.of("part-of", "chat")))
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .withNodeSelector(Map.of("drctl-test/zone", "nowhere"))
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        deploy("billing", 1, Map.of("part-of", "billing"));
        Plan plan = plan("""
                - id: freeze
                  type: k8s.drain
                  site: a
                  timeout: 60s
                  with: { nodeSelector: "drctl-test/zone in (a)", mode: scaleToZero, selector: "part-of=chat" }
                """);

        Finding preview = runs().preview(plan).get(0);
        assertThat(preview)
                .isInstanceOfSatisfying(
                        Finding.Checked.class,
                        c -> assertThat(((CheckResult.WillChange) c.result()).changes())
                                .contains(ns + "/api: 2 → 0", ns + "/queued: 2 → 0")
                                .noneMatch(change -> change.contains("billing")));

        PlanRuns.Outcome run = runs().run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(replicas("api")).isZero();
        assertThat(replicas("queued")).isZero();
        assertThat(replicas("billing")).isEqualTo(1);
        // Scaled to zero: what is left is Terminating for its grace period, and then gone.
        assertThat(client().pods()
                        .inNamespace(ns)
                        .withLabel("part-of", "chat")
                        .list()
                        .getItems())
                .allSatisfy(
                        p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
        Eventually.until(
                readyWithin(),
                () -> client().pods()
                        .inNamespace(ns)
                        .withLabel("part-of", "chat")
                        .list()
                        .getItems(),
                List::isEmpty);
    }

    @Test
    void scale_to_zero_does_not_succeed_while_something_scales_a_selected_workload_back_up() throws Exception {
        nodeInZoneA();
        deploy("api", 2, Map.of("part-of", "chat"));
        Plan plan = plan("""
                - id: freeze
                  type: k8s.drain
                  site: a
                  timeout: 6s
                  with: { nodeSelector: "drctl-test/zone in (a)", mode: scaleToZero, selector: "part-of=chat" }
                """);
        // A GitOps controller, say, that puts the replicas back as soon as they change.
        Thread revert = Thread.ofVirtual().start(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < end) {
                try {
                    if (replicas("api") == 0) {
                        client().apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("api")
                                .edit(d -> {
                                    d.getSpec().setReplicas(2);
                                    return d;
                                });
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the API server was busy: try again
                }
            }
        });

        PlanRuns.Outcome run = runs().run(plan);
        revert.interrupt();
        revert.join();

        assertThat(run.result().outcome()).as(run.describe()).isNotEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepFailed.class))
                .last()
                .extracting(StepFailed::message)
                .asString()
                .contains(ns + "/api")
                .contains("replicas");
    }

    @Test
    void a_pod_its_budget_never_lets_go_does_not_hold_up_the_other_evictions() throws Exception {
        String node = nodeInZoneA();
        for (String name : List.of("aaa-held", "zzz-free")) {
            client().apps()
                    .deployments()
                    .inNamespace(ns)
                    .resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                                    Manifests.deployment(ns, name, 1, Map.of()))
                            .editSpec()
                            .editTemplate()
                            .editSpec()
                            .withNodeSelector(Map.of("drctl-test/zone", "a"))
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
        }
        Eventually.until(
                readyWithin(),
                () -> client().pods().inNamespace(ns).list().getItems(),
                pods -> pods.size() == 2
                        && pods.stream().allMatch(p -> node.equals(p.getSpec().getNodeName())));
        client().policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(ns)
                .resource(Manifests.minAvailable(ns, "held-pdb", "aaa-held", 1))
                .create();
        Plan plan = plan("""
                - id: drain
                  type: k8s.drain
                  site: a
                  timeout: 6s
                  with: { nodeSelector: "drctl-test/zone in (a)", parallelism: 1 }
                """);

        PlanRuns.Outcome run = runs().run(plan);

        // The held pod fails the step at the deadline, naming it; the free one went long before.
        assertThat(run.result().outcome()).as(run.describe()).isNotEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(StepFailed.class))
                .last()
                .extracting(StepFailed::message)
                .asString()
                .contains("aaa-held")
                .contains("PodDisruptionBudget");
        assertThat(run.eventsOf(StepProgress.class))
                .extracting(StepProgress::message)
                .anyMatch(m -> m.startsWith("evicted " + ns + "/zzz-free"));
        assertThat(client().pods().inNamespace(ns).list().getItems())
                .noneMatch(p -> p.getMetadata().getName().startsWith("zzz-free")
                        && node.equals(p.getSpec().getNodeName()));
    }

    @Test
    void drain_refuses_an_unmanaged_pod_without_force_before_changing_anything() throws Exception {
        String node = nodeInZoneA();
        client().pods()
                .inNamespace(ns)
                .resource(Manifests.barePod(ns, "lonely", node))
                .create();
        Plan plan = plan("""
                - id: drain
                  type: k8s.drain
                  site: a
                  with: { nodes: [%s] }
                """.formatted(node));

        try {
            PlanRuns.Outcome run = runs().run(plan);

            assertThat(run.result().outcome()).isEqualTo(RunOutcome.BLOCKED);
            assertThat(run.eventsOf(StepFailed.class).get(0).message())
                    .contains(ns + "/lonely not managed by a controller", "force: true");
            assertThat(client().nodes().withName(node).get().getSpec().getUnschedulable())
                    .isNotEqualTo(Boolean.TRUE);
            assertThat(client().pods().inNamespace(ns).withName("lonely").get()).isNotNull();
        } finally {
            // On K3s's single node it would block every later test's drain.
            client().pods()
                    .inNamespace(ns)
                    .withName("lonely")
                    .withGracePeriod(0)
                    .delete();
        }
    }
}
