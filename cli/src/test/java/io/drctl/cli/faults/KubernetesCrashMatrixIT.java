package io.drctl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.faults.CrashPoints.KillPoint;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.journal.JournalContents;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix for a Kubernetes failover like plans/examples/k8s-failover.yaml, against the
 * sandbox seeded as that example's: drain site-a (cordon its nodes, scale what runs there to
 * zero), scale site-b up, patch site-b's db-proxy to say which site is primary, wait for the
 * rollout. drctl runs as its own JVM and is SIGKILLed at each step boundary and inside each
 * mutating step; the sandbox lives in the test's JVM and survives it. The run is resumed; the
 * end state must equal an uninterrupted run's, no completed step may start again, and each
 * change must have happened exactly once — counted at the target: the workloads' spec changes
 * (metadata.generation) and site-a's own count of mutating requests, which must be no more than
 * an uninterrupted run sends.
 */
class KubernetesCrashMatrixIT {
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path SEED = REPO.resolve("deploy/sandbox/k8s-failover-seed.yaml");
    private static final Set<String> MUTATING_VERBS =
            Set.of("create", "update", "patch", "delete", "deletecollection", "evict");
    private static final String PLAN = """
            apiVersion: drctl.io/v1
            kind: RecoveryPlan
            metadata: { name: k8s-crash-matrix }
            spec:
              sites:
                site-a: { kubernetes: { context: site-a, namespace: chat } }
                site-b: { kubernetes: { context: site-b, namespace: chat } }
              state: { site: site-b, namespace: drctl, leaseDuration: 3s }
              steps:
                - id: drain-site-a
                  type: k8s.drain
                  site: site-a
                  timeout: 2m
                  with:
                    nodeSelector: "topology.kubernetes.io/zone in (site-a-1,site-a-2)"
                    mode: scaleToZero
                - id: scale-site-b
                  type: k8s.scale
                  site: site-b
                  needs: [drain-site-a]
                  timeout: 2m
                  with: { selector: "tier in (api,ws)", replicas: 3, waitForRollout: false }
                - id: mark-primary
                  type: k8s.patch
                  site: site-b
                  needs: [scale-site-b]
                  with:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: db-proxy
                    patch: { spec: { template: { metadata: { annotations: { chat.example/primary: site-b } } } } }
                - id: site-b-rolled-out
                  type: k8s.wait
                  site: site-b
                  needs: [mark-primary]
                  timeout: 2m
                  with: { selector: "tier in (api,ws)" }
            """;

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static ReliabilityFigures figures;
    private static SandboxFingerprint uninterrupted;
    private static long uninterruptedSiteAMutations;

    @BeforeAll
    static void runOnceUninterrupted(@TempDir Path dir) throws Exception {
        figures = ReliabilityFigures.table(
                "crash-matrix-kubernetes",
                "Crash matrix: Kubernetes drain, scale and patch (sandbox, two sites; resumed once the killed run's 3s lease expired)",
                "kill point",
                "killed while",
                "resume exit",
                "end state as uninterrupted",
                "spec changes counted at the target",
                "site-a mutating requests",
                "completed steps repeated");
        try (Sandbox sandbox = seededSandbox(dir)) {
            SandboxFingerprint.Baseline baseline = SandboxFingerprint.baseline(sandbox, "chat");
            Path plan = Files.writeString(dir.resolve("plan.yaml"), PLAN);
            CliHarness.Result run = new CliHarness(dir.resolve("state"))
                    .env("KUBECONFIG", sandbox.kubeconfig().toString())
                    .run("run", plan.toString());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
            uninterrupted = SandboxFingerprint.of(sandbox, "chat", baseline);
            uninterruptedSiteAMutations = mutations(sandbox, "site-a");
            figures.row(
                    "(none: uninterrupted run)",
                    "-",
                    run.exitCode(),
                    "-",
                    uninterrupted.specChanges(),
                    uninterruptedSiteAMutations,
                    "-");
        }
        assertThat(uninterrupted.changedMoreThanOnce())
                .as("an uninterrupted run changes each spec at most once")
                .isEmpty();
        assertThat(uninterrupted.objects())
                .containsEntry("site-a Node/site-a-1", "unschedulable=true")
                .containsEntry("site-a Node/site-a-2", "unschedulable=true");
    }

    @AfterAll
    static void noteLongVariant() {
        if (!ReliabilityFigures.LONG) {
            figures.row(
                    "(default run: one delay per mutating step; -Ddrctl.reliability.long=true adds more)",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "");
        }
    }

    static Stream<KillPoint> killPoints() {
        List<Duration> delays =
                CrashPoints.insideStepDelays(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(200));
        List<KillPoint> points = new ArrayList<>();
        points.addAll(CrashPoints.aroundMutatingStep("drain", "drain-site-a", delays));
        points.addAll(CrashPoints.aroundMutatingStep("scale", "scale-site-b", delays));
        points.addAll(CrashPoints.aroundMutatingStep("patch", "mark-primary", delays));
        return points.stream();
    }

    @ParameterizedTest(name = "killed after {0}")
    @MethodSource("killPoints")
    void a_run_killed_there_resumes_to_the_uninterrupted_end_with_each_change_once(KillPoint at, @TempDir Path dir)
            throws Exception {
        try (Sandbox sandbox = seededSandbox(dir)) {
            SandboxFingerprint.Baseline baseline = SandboxFingerprint.baseline(sandbox, "chat");
            Path plan = Files.writeString(dir.resolve("plan.yaml"), PLAN);
            Path state = dir.resolve("state");
            Map<String, String> env = Map.of("KUBECONFIG", sandbox.kubeconfig().toString());

            DrctlProcess first = DrctlProcess.start(dir, env, "--state-dir", state.toString(), "run", plan.toString());
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(30));
            Journals.await(state, runId, at.event(), Duration.ofSeconds(60));
            Thread.sleep(at.delay().toMillis());
            first.killHard();
            Set<String> completedBeforeCrash =
                    CrashPoints.succeededSteps(Journals.read(state, runId).events());
            String killedWhile = first.process().exitValue() == 137
                    ? "running"
                    : "already ended (exit " + first.process().exitValue() + ")";

            // The killed run's lease in site-b names a process that is gone, but nothing in the lease
            // can prove that to another process: resume takes it over once it has expired.
            Thread.sleep(LEASE.plusMillis(500).toMillis());
            CliHarness.Result resumed = new CliHarness(state)
                    .env("KUBECONFIG", sandbox.kubeconfig().toString())
                    .run("resume", runId);
            JournalContents journal = Journals.read(state, runId);
            Set<String> repeated = CrashPoints.repeatedAfterResume(journal.events(), completedBeforeCrash);
            SandboxFingerprint end = SandboxFingerprint.of(sandbox, "chat", baseline);
            long siteAMutations = mutations(sandbox, "site-a");
            figures.row(
                    at,
                    killedWhile,
                    resumed.exitCode(),
                    end.equals(uninterrupted) ? "yes" : "NO",
                    end.specChanges(),
                    siteAMutations,
                    repeated.isEmpty() ? "none" : repeated);

            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(journal.chainVerifies())
                    .as(journal.chainError().orElse(""))
                    .isTrue();
            assertThat(repeated)
                    .as("steps completed before the crash started again after resume")
                    .isEmpty();
            assertThat(end.changedMoreThanOnce())
                    .as("workloads whose spec changed more than once")
                    .isEmpty();
            assertThat(end.objects())
                    .as("end state, as after an uninterrupted run")
                    .isEqualTo(uninterrupted.objects());
            assertThat(siteAMutations)
                    .as(
                            "mutating requests site-a received (an uninterrupted run sends %d)",
                            uninterruptedSiteAMutations)
                    .isLessThanOrEqualTo(uninterruptedSiteAMutations);
        }
    }

    /** The example's two sites, seeded, with site-a's pods running (a drain in scaleToZero mode finds workloads by their pods). */
    private static Sandbox seededSandbox(Path dir) throws InterruptedException {
        Sandbox sandbox = Sandbox.start(Sandbox.Options.of(dir.resolve("sandbox"), "site-a", "site-b")
                .controllerDelay(Duration.ofMillis(100))
                .seed(SEED));
        try (KubernetesClient a = sandbox.site("site-a").client()) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (a.pods().inNamespace("chat").list().getItems().size() < 12) {
                if (System.nanoTime() > end) {
                    sandbox.close();
                    throw new AssertionError("site-a's 12 seeded pods did not run within 20s");
                }
                Thread.sleep(50);
            }
        }
        return sandbox;
    }

    private static long mutations(Sandbox sandbox, String site) {
        return sandbox.site(site).requestCounts().entrySet().stream()
                .filter(e -> MUTATING_VERBS.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
