package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.DeadSite;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.CloudNativePgStandIn;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.ApprovalDenied;
import io.drctl.engine.event.RunEvent.ApprovalGiven;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.event.RunEvent.RunStarted;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.SkipReason;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * plans/recipes/cloudnativepg-promote.yaml, exactly as shipped, against two sandbox sites whose
 * kubeconfig contexts carry the recipe's names (pangyo-prod, gasan-prod), each holding its
 * CloudNativePG Cluster, with {@link CloudNativePgStandIn} playing the operator.
 */
class CloudNativePgRecipeIT {
    static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    static final Path RECIPE = REPO.resolve("plans/recipes/cloudnativepg-promote.yaml");
    static final String PANGYO = "pangyo-prod";
    static final String GASAN = "gasan-prod";
    static final String NS = "chat";
    static final List<String> STEPS =
            List.of("demote-pangyo", "pangyo-demoted", "go-ahead", "promote-gasan", "gasan-primary-ready");

    private static Sandbox sandbox;
    private static KubernetesClient pangyo;
    private static KubernetesClient gasan;
    private static CloudNativePgStandIn operator;

    @TempDir
    Path dir;

    private CliHarness drctl;

    @BeforeAll
    static void startSites(@TempDir Path sandboxDir) {
        sandbox = Sandbox.start(Sandbox.Options.of(sandboxDir, PANGYO, GASAN));
        pangyo = sandbox.site(PANGYO).client();
        gasan = sandbox.site(GASAN).client();
        operator = CloudNativePgStandIn.start(Duration.ofMillis(500), pangyo, gasan);
    }

    @AfterAll
    static void stopSites() {
        operator.close();
        pangyo.close();
        gasan.close();
        sandbox.close();
    }

    /** Both sites as before a disaster: Pangyo's Cluster is the primary, Gasan's a replica cluster of it. */
    @BeforeEach
    void seedTheClusters() {
        seed(pangyo, "chat-pangyo", "chat-gasan");
        seed(gasan, "chat-gasan", "chat-pangyo");
        drctl = new CliHarness(dir.resolve("state"));
    }

    private static void seed(KubernetesClient site, String name, String replicatesFrom) {
        var clusters =
                site.genericKubernetesResources(CloudNativePgStandIn.CLUSTER).inNamespace(NS);
        clusters.withName(name)
                .withTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .delete();
        clusters.resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("postgresql.cnpg.io/v1")
                        .withKind("Cluster")
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NS)
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "spec",
                                Map.of(
                                        "instances",
                                        3,
                                        "replica",
                                        Map.of("primary", "chat-pangyo", "source", replicatesFrom),
                                        "externalClusters",
                                        List.of(Map.of("name", "chat-pangyo"), Map.of("name", "chat-gasan")))))
                        .build())
                .create();
    }

    private static GenericKubernetesResource cluster(KubernetesClient site, String name) {
        return site.genericKubernetesResources(CloudNativePgStandIn.CLUSTER)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    private static String primaryNamedBy(KubernetesClient site, String name) {
        return cluster(site, name).get("spec", "replica", "primary");
    }

    private List<RunEvent> journal(String runId) {
        return Journals.read(drctl.stateDir(), runId).events();
    }

    private static <T extends RunEvent> Stream<T> eventsOf(List<RunEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast);
    }

    @Test
    void plan_shows_both_primary_changes_then_the_run_promotes_gasan_and_journals_every_step_and_the_approval()
            throws Exception {
        String kubeconfig = sandbox.kubeconfig().toString();

        CliHarness.Result plan = drctl.run("plan", RECIPE.toString(), "--kubeconfig", kubeconfig);

        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(plan.out())
                .contains(
                        "Cluster chat/chat-pangyo: spec.replica.primary: \"chat-pangyo\" → \"chat-gasan\"",
                        "Cluster chat/chat-gasan: spec.replica.primary: \"chat-pangyo\" → \"chat-gasan\"");
        assertThat(primaryNamedBy(gasan, "chat-gasan"))
                .as("drctl plan changes nothing")
                .isEqualTo("chat-pangyo");

        CliHarness.Result run = drctl.run("run", RECIPE.toString(), "--yes", "--kubeconfig", kubeconfig);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        GenericKubernetesResource pangyoCluster = cluster(pangyo, "chat-pangyo");
        GenericKubernetesResource gasanCluster = cluster(gasan, "chat-gasan");
        assertThat(pangyoCluster.<String>get("spec", "replica", "primary")).isEqualTo("chat-gasan");
        assertThat(gasanCluster.<String>get("spec", "replica", "primary")).isEqualTo("chat-gasan");
        assertThat(gasanCluster.<String>get("spec", "replica", "source"))
                .as("the merge patch keeps the rest of the spec")
                .isEqualTo("chat-pangyo");
        String token = pangyoCluster.get("status", "demotionToken");
        assertThat(token).as("the stand-in demoted Pangyo").startsWith("demotion-");

        List<RunEvent> events = journal(Journals.onlyRunId(drctl.stateDir(), Duration.ofSeconds(1)));
        Map<String, StepSucceeded> succeeded = eventsOf(events, StepSucceeded.class)
                .collect(java.util.stream.Collectors.toMap(StepSucceeded::stepId, s -> s));
        assertThat(succeeded).containsOnlyKeys(STEPS);
        assertThat(succeeded.get("pangyo-demoted").outputs()).containsEntry("value", token);
        assertThat(succeeded.get("gasan-primary-ready").outputs()).containsEntry("value", "True");
        assertThat(eventsOf(events, ApprovalGiven.class)).singleElement().satisfies(a -> {
            assertThat(a.stepId()).isEqualTo("go-ahead");
            assertThat(a.who()).isEqualTo("tester");
            assertThat(a.how()).isEqualTo("pre-approved with --yes");
        });
    }

    interface DeadPangyo {
        DeadSite open() throws Exception;
    }

    static Stream<Arguments> deadPangyo() {
        return Stream.of(
                Arguments.of("refuses connections", (DeadPangyo) DeadSite::closedPort),
                Arguments.of("accepts connections and never answers", (DeadPangyo) DeadSite::silentPort));
    }

    @ParameterizedTest(name = "Pangyo {0}")
    @MethodSource("deadPangyo")
    void with_pangyo_dead_the_run_skips_its_steps_within_seconds_and_still_promotes_gasan(String how, DeadPangyo dead)
            throws Exception {
        try (DeadSite deadPangyo = dead.open()) {
            Path kubeconfig = deadPangyo.kubeconfig(
                    dir, PANGYO, GASAN + "=" + sandbox.site(GASAN).url());

            CliHarness.Result run = drctl.run("run", RECIPE.toString(), "--yes", "--kubeconfig", kubeconfig.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
            List<RunEvent> events = journal(Journals.onlyRunId(drctl.stateDir(), Duration.ofSeconds(1)));
            RunStarted started = eventsOf(events, RunStarted.class).findFirst().orElseThrow();
            List<StepSkipped> skipped = eventsOf(events, StepSkipped.class).toList();
            assertThat(skipped).extracting(StepSkipped::stepId).containsExactly("demote-pangyo", "pangyo-demoted");
            assertThat(skipped).allSatisfy(s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.UNREACHABLE);
                assertThat(s.detail()).contains("site pangyo");
                assertThat(Duration.between(started.at(), s.at()))
                        .as("a dead site costs seconds, not the wait's 5m")
                        .isLessThan(Duration.ofSeconds(10));
            });
            assertThat(eventsOf(events, StepSucceeded.class))
                    .extracting(StepSucceeded::stepId)
                    .containsExactlyInAnyOrder("go-ahead", "promote-gasan", "gasan-primary-ready");
        }
        assertThat(primaryNamedBy(gasan, "chat-gasan")).isEqualTo("chat-gasan");
        assertThat(primaryNamedBy(pangyo, "chat-pangyo"))
                .as("drctl never reached Pangyo")
                .isEqualTo("chat-pangyo");
    }

    @Test
    void a_denied_approval_ends_the_run_with_exit_3_and_gasan_is_not_promoted() throws Exception {
        Path state = drctl.stateDir();
        DrctlProcess run = DrctlProcess.start(
                dir,
                Map.of("USER", "night-shift"),
                "--state-dir",
                state.toString(),
                "--kubeconfig",
                sandbox.kubeconfig().toString(),
                "run",
                RECIPE.toString());
        try {
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
            Journals.await(
                    state,
                    runId,
                    e -> e instanceof ApprovalRequested a && a.stepId().equals("go-ahead"),
                    Duration.ofSeconds(60));

            CliHarness.Result deny = new CliHarness(state)
                    .env("USER", "incident-commander")
                    .run("approve", runId, "go-ahead", "--deny", "--comment", "Pangyo may come back");
            assertThat(deny.exitCode()).as(deny.toString()).isEqualTo(ExitCode.SUCCESS.code());

            assertThat(run.waitFor(Duration.ofSeconds(30))).as(run.output()).isEqualTo(3);
            List<RunEvent> events = journal(runId);
            assertThat(eventsOf(events, ApprovalDenied.class)).singleElement().satisfies(d -> {
                assertThat(d.who()).isEqualTo("incident-commander");
                assertThat(d.comment()).isEqualTo("Pangyo may come back");
            });
            assertThat(eventsOf(events, StepStarted.class))
                    .extracting(StepStarted::stepId)
                    .doesNotContain("promote-gasan");
        } finally {
            if (run.process().isAlive()) {
                run.killHard();
            }
        }
        assertThat(primaryNamedBy(gasan, "chat-gasan")).isEqualTo("chat-pangyo");
        assertThat(cluster(gasan, "chat-gasan").<Object>get("status", "conditions"))
                .isNull();
        assertThat(primaryNamedBy(pangyo, "chat-pangyo"))
                .as("Pangyo was demoted before the question was asked")
                .isEqualTo("chat-gasan");
    }
}
