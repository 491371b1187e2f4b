package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.DeadSite;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.PlanPreview.Finding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A site that does not answer costs seconds, not minutes, and its steps follow ifUnreachable. */
class UnreachableSiteIT {
    @TempDir
    Path dir;

    interface Opener {
        DeadSite open() throws Exception;
    }

    static Stream<Arguments> deadSites() {
        return Stream.of(
                Arguments.of("a closed port", (Opener) DeadSite::closedPort),
                Arguments.of("a port that accepts but never answers", (Opener) DeadSite::silentPort));
    }

    private Plan plan(PlanRuns runs, String ifUnreachable) throws Exception {
        return runs.load(dir, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: dead-site }
                spec:
                  sites:
                    pangyo: { kubernetes: { context: pangyo } }
                  steps:
                    - id: freeze-pangyo
                      type: k8s.scale
                      site: pangyo
                      ifUnreachable: %s
                      with: { namespace: chat, selector: "tier in (api,ws)", replicas: 0 }
                    - id: drain-pangyo
                      type: k8s.drain
                      site: pangyo
                      ifUnreachable: %s
                      with: { nodeSelector: "zone=pangyo-a" }
                """.formatted(ifUnreachable, ifUnreachable));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadSites")
    void steps_on_a_dead_site_are_skipped_within_five_seconds_with_skip(String what, Opener opener) throws Exception {
        try (DeadSite site = opener.open()) {
            PlanRuns runs = new PlanRuns(site.kubeconfig(dir, "pangyo"), dir.resolve("state"));
            Plan plan = plan(runs, "skip");

            long start = System.nanoTime();
            PlanRuns.Outcome run = runs.run(plan);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.eventsOf(StepSkipped.class)).hasSize(2).allSatisfy(s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.UNREACHABLE);
                assertThat(s.detail()).contains("site pangyo", site.url());
            });
            assertThat(took).as("both steps share one probe of the dead site").isLessThan(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadSites")
    void a_dead_site_fails_the_run_fast_as_unreachable_with_fail(String what, Opener opener) throws Exception {
        try (DeadSite site = opener.open()) {
            PlanRuns runs = new PlanRuns(site.kubeconfig(dir, "pangyo"), dir.resolve("state"));
            Plan plan = plan(runs, "fail");

            long start = System.nanoTime();
            PlanRuns.Outcome run = runs.run(plan);

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.UNREACHABLE);
            assertThat(run.result().outcome().exitCode()).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(run.eventsOf(StepFailed.class).get(0).kind()).isEqualTo(FailureKind.UNREACHABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadSites")
    void plan_preview_says_the_site_is_unreachable_within_five_seconds(String what, Opener opener) throws Exception {
        try (DeadSite site = opener.open()) {
            PlanRuns runs = new PlanRuns(site.kubeconfig(dir, "pangyo"), dir.resolve("state"));
            Plan plan = plan(runs, "fail");

            long start = System.nanoTime();
            var findings = runs.preview(plan);

            assertThat(findings)
                    .allSatisfy(f -> assertThat(f)
                            .isInstanceOfSatisfying(
                                    Finding.CheckFailed.class,
                                    x -> assertThat(x.kind()).isEqualTo(FailureKind.UNREACHABLE)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @org.junit.jupiter.api.Test
    void a_half_dead_site_costs_one_request_timeout_per_run_and_its_steps_follow_if_unreachable() throws Exception {
        try (DeadSite site = DeadSite.halfDead()) {
            PlanRuns runs = new PlanRuns(site.kubeconfig(dir, "pangyo"), dir.resolve("state"));
            Plan plan = runs.load(dir, """
                    apiVersion: drctl.io/v1
                    kind: RecoveryPlan
                    metadata: { name: half-dead }
                    spec:
                      sites:
                        pangyo: { kubernetes: { context: pangyo, requestTimeout: 2s } }
                      steps:
                        - { id: freeze-api, type: k8s.scale, site: pangyo, ifUnreachable: skip,
                            with: { namespace: chat, selector: "tier=api", replicas: 0 } }
                        - { id: freeze-ws, type: k8s.scale, site: pangyo, ifUnreachable: skip, needs: [freeze-api],
                            with: { namespace: chat, selector: "tier=ws", replicas: 0 } }
                        - { id: drain-pangyo, type: k8s.drain, site: pangyo, ifUnreachable: skip, needs: [freeze-ws],
                            with: { nodeSelector: "zone=pangyo-a" } }
                    """);

            long start = System.nanoTime();
            PlanRuns.Outcome run = runs.run(plan);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.eventsOf(StepSkipped.class)).hasSize(3).allSatisfy(s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.UNREACHABLE);
                assertThat(s.detail()).contains("site pangyo");
            });
            assertThat(site.hungRequests())
                    .as("only the first call waits; later steps do not ask again: " + run.describe())
                    .isEqualTo(1);
            assertThat(run.eventsOf(io.drctl.engine.event.RunEvent.StepProgress.class))
                    .filteredOn(p -> p.message().contains("unreachable for the rest of this run"))
                    .hasSize(1);
            assertThat(took)
                    .as("one 2s request timeout for the whole run, not one per step (3 steps)")
                    .isLessThan(Duration.ofMillis(5500));
        }
    }
}
