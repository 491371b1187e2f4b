package io.drctl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.testing.FaultProxy;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network between drctl and a Kubernetes API server (a sandbox site, reached through a
 * FaultProxy that the kubeconfig points at) fails the way it does when a site is lost, while a
 * k8s.scale step scales a Deployment to zero: every run ends in bounded time with the exit code
 * that says what happened, and the scale reaches the target at most once — counted there, by
 * the Deployment's spec changes (metadata.generation) and the site's own count of patch and
 * update requests.
 */
class KubernetesFaultsCliIT {
    /** Generous: a dead API server costs drctl's request timeouts and the step's 8s, never minutes. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static ReliabilityFigures figures;
    private Sandbox sandbox;
    private FaultProxy proxy;
    private Path kubeconfig;
    private long generationBefore;
    private FaultProxy.Fault fault = FaultProxy.NONE;
    /** This test's row, written after it (with what a resume did once the network healed, when a test tried one). */
    private Object[] rowCells;

    private String afterHealing = "-";

    @TempDir
    Path dir;

    @BeforeAll
    static void startTable() {
        figures = ReliabilityFigures.table(
                "faults-kubernetes",
                "Network faults between drctl and a Kubernetes API server (k8s.scale to 0, step timeout 8s)",
                "fault",
                "plan says",
                "exit",
                "what drctl said",
                "took",
                "scale changes counted at the target",
                "patch+update requests the site got",
                "resume once the network healed: exit, changes at the target");
    }

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(
                Sandbox.Options.of(dir.resolve("sandbox"), "site-a").controllerDelay(Duration.ofMillis(100)));
        try (KubernetesClient a = sandbox.site("site-a").client()) {
            Deployment api = a.apps()
                    .deployments()
                    .inNamespace("chat")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("api")
                            .withNamespace("chat")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(2)
                            .withNewSelector()
                            .addToMatchLabels("app", "api")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "api")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("api")
                            .withImage("registry.example.com/chat/api:1.4")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
            generationBefore = api.getMetadata().getGeneration();
        }
        proxy = FaultProxy.inFrontOf(sandbox.site("site-a").port());
        kubeconfig = Files.writeString(
                dir.resolve("kubeconfig-through-proxy"),
                Files.readString(sandbox.kubeconfig())
                        .replace(sandbox.site("site-a").url(), "http://127.0.0.1:" + proxy.port()));
    }

    @AfterEach
    void stop() {
        if (rowCells != null) {
            Object[] cells = java.util.Arrays.copyOf(rowCells, rowCells.length + 1);
            cells[rowCells.length] = afterHealing;
            figures.row(cells);
        }
        proxy.close();
        sandbox.close();
    }

    private record Outcome(CliHarness.Result result, Duration took, long scaleChanges, long mutatingRequests) {}

    private Outcome scaleSiteA(String extra) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: k8s-faults }
                spec:
                  sites:
                    site-a: { kubernetes: { context: site-a, namespace: chat } }
                  steps:
                    - id: stop-site-a
                      type: k8s.scale
                      site: site-a
                      timeout: 8s
                %s      with: { names: [api], replicas: 0, waitForRollout: false }
                """.formatted(extra));
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("KUBECONFIG", kubeconfig.toString());
        long start = System.nanoTime();
        CliHarness.Result result = drctl.run("run", plan.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long changes = changesAtTarget();
        long mutating = sandbox.site("site-a").requestCounts().entrySet().stream()
                .filter(e -> e.getKey().equals("patch") || e.getKey().equals("update"))
                .mapToLong(java.util.Map.Entry::getValue)
                .sum();
        rowCells = new Object[] {
            FaultNames.describe(fault),
            extra.isBlank() ? "ifUnreachable: fail" : "ifUnreachable: skip",
            result.exitCode(),
            FaultNames.said(result, "stop-site-a"),
            FaultNames.seconds(took),
            changes,
            mutating
        };
        return new Outcome(result, took, changes, mutating);
    }

    /** The Deployment's spec changes since it was created (metadata.generation), as site-a counts them. */
    private long changesAtTarget() {
        try (KubernetesClient a = sandbox.site("site-a").client()) {
            return a.apps()
                            .deployments()
                            .inNamespace("chat")
                            .withName("api")
                            .get()
                            .getMetadata()
                            .getGeneration()
                    - generationBefore;
        }
    }

    private void fault(FaultProxy.Fault f) {
        fault = f;
        proxy.fault(f);
    }

    @Test
    void an_api_server_behind_a_blackhole_is_unreachable_in_bounded_time_and_nothing_is_scaled() throws Exception {
        fault(FaultProxy.BLACKHOLE);
        Outcome o = scaleSiteA("");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.result().out() + o.result().err()).contains("site-a");
        assertThat(o.scaleChanges()).isZero();
    }

    @Test
    void an_api_server_whose_connections_are_reset_is_unreachable_in_bounded_time() throws Exception {
        fault(FaultProxy.RESET);
        Outcome o = scaleSiteA("");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        // The JDK's client sees a reset either as one or as a connection closed before the first byte.
        assertThat(FaultNames.said(o.result(), "stop-site-a"))
                .containsAnyOf("connection reset", "connection closed before any answer");
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.scaleChanges()).isZero();
    }

    /**
     * Where the cut lands: inside the first answer, and (today's answer sizes) inside the answer
     * to the write itself, where drctl cannot know whether it landed — the table's count at the
     * target shows where each cut fell; the long variant sweeps more points.
     */
    static List<Long> cutPoints() {
        return ReliabilityFigures.LONG ? List.of(20L, 60L, 300L, 800L, 1500L, 3000L, 6000L) : List.of(20L, 1500L);
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @MethodSource("cutPoints")
    void answers_cut_in_the_middle_end_the_run_clearly_and_the_scale_lands_at_most_once(long bytes) throws Exception {
        fault(new FaultProxy.Fault.CutAfter(bytes));
        Outcome o = scaleSiteA("");
        assertThat(o.result().exitCode())
                .as(o.result().toString())
                .isIn(ExitCode.SUCCESS.code(), ExitCode.UNREACHABLE.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.scaleChanges()).isLessThanOrEqualTo(1);
        if (o.result().exitCode() == ExitCode.SUCCESS.code()) {
            assertThat(o.scaleChanges())
                    .as("a run that succeeded made its change")
                    .isEqualTo(1);
        } else {
            // Whether the write landed is unknown to drctl; the resume must find out, not write twice.
            String said = o.result().out() + o.result().err();
            if (o.scaleChanges() == 1 && !said.contains("scaled 1/1")) {
                // It landed, but its answer was cut: the operator must read "may have been made", not "not done".
                assertThat(said).contains("the change may have been made");
            }
            proxy.fault(FaultProxy.NONE);
            String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
            CliHarness.Result resumed = new CliHarness(dir.resolve("state"))
                    .env("KUBECONFIG", kubeconfig.toString())
                    .run("resume", runId);
            long changesAfter = changesAtTarget();
            afterHealing = resumed.exitCode() + ", " + changesAfter;
            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(changesAfter)
                    .as("changes at the target after the resume")
                    .isEqualTo(1);
        }
    }

    @Test
    void a_silent_site_is_skipped_when_the_plan_says_so_and_the_run_succeeds() throws Exception {
        fault(FaultProxy.BLACKHOLE);
        Outcome o = scaleSiteA("      ifUnreachable: skip\n");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(o.took()).isLessThan(BOUND);
        assertThat(o.scaleChanges()).isZero();
    }

    @Test
    void a_slow_network_delays_the_scale_but_it_lands_exactly_once() throws Exception {
        fault(new FaultProxy.Fault.Latency(Duration.ofMillis(150)));
        Outcome o = scaleSiteA("");
        assertThat(o.result().exitCode()).as(o.result().toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(o.scaleChanges()).as("spec changes of the Deployment").isEqualTo(1);
        assertThat(o.mutatingRequests())
                .as("patch and update requests site-a got")
                .isEqualTo(1);
        assertThat(proxy.connections()).isPositive();
    }
}
