package io.drctl.adapters.kubernetes.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.kubernetes.testing.Eventually;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent.Notice;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.plan.Plan;
import io.drctl.sandbox.Sandbox;
import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run state in a surviving site: the journal mirrored to ConfigMaps, the plan's Lease, resume on another machine. */
class RunStateIT {
    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient gasan;
    private PlanRuns machineOne;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(
                Sandbox.Options.of(dir.resolve("sandbox"), "pangyo", "gasan").controllerDelay(Duration.ofMillis(100)));
        gasan = sandbox.site("gasan").client();
        gasan.apps()
                .deployments()
                .inNamespace("chat")
                .resource(Manifests.deployment("chat", "api", 1, Map.of("tier", "api")))
                .create();
        machineOne = new PlanRuns(sandbox.kubeconfig(), dir.resolve("machine-1"), "machine-1");
    }

    @AfterEach
    void stop() {
        gasan.close();
        sandbox.close();
    }

    private Plan plan(PlanRuns runs, String leaseDuration, String steps) throws Exception {
        return runs.load(dir, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: chat-failover }
                spec:
                  sites:
                    pangyo: { kubernetes: { context: pangyo } }
                    gasan: { kubernetes: { context: gasan } }
                  state: { site: gasan, namespace: drctl, leaseDuration: %s }
                  steps:
                %s""".formatted(leaseDuration, steps.indent(4)));
    }

    private static final String SCALE_THEN_WAIT = """
            - id: scale-gasan
              type: k8s.scale
              site: gasan
              with: { namespace: chat, names: [api], replicas: 2 }
            - id: settle
              type: wait
              needs: [scale-gasan]
              with: { duration: %s }
            """;

    private String mirroredJournal(String runId) {
        return JournalMirror.read(gasan, "drctl", runId).orElseThrow().journal();
    }

    @Test
    void the_journal_is_mirrored_line_for_line_and_the_lease_released_at_the_end() throws Exception {
        Plan plan = plan(machineOne, "30s", SCALE_THEN_WAIT.formatted("100ms"));

        PlanRuns.Outcome run = machineOne.run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        String local = Files.readString(
                dir.resolve("machine-1/runs").resolve(run.result().runId()).resolve(Journal.FILE_NAME));
        assertThat(mirroredJournal(run.result().runId())).isEqualTo(local);
        assertThat(run.eventsOf(Notice.class))
                .extracting(Notice::message)
                .contains("run state replicated to site gasan, namespace drctl; lease held");
        assertThat(gasan.leases()
                        .inNamespace("drctl")
                        .withName("drctl-plan-chat-failover")
                        .get())
                .isNull();
    }

    @Test
    void a_second_run_of_the_plan_on_another_machine_exits_75_naming_the_holder() throws Exception {
        Plan plan = plan(machineOne, "30s", SCALE_THEN_WAIT.formatted("4s"));
        CompletableFuture<PlanRuns.Outcome> first = CompletableFuture.supplyAsync(() -> machineOne.run(plan));
        Lease held = Eventually.until(
                Duration.ofSeconds(10),
                () -> gasan.leases()
                        .inNamespace("drctl")
                        .withName("drctl-plan-chat-failover")
                        .get(),
                l -> l != null);
        PlanRuns machineTwo = machineOne.elsewhere(dir.resolve("machine-2"), "machine-2");

        assertThatThrownBy(() -> machineTwo.run(plan(machineTwo, "30s", SCALE_THEN_WAIT.formatted("100ms"))))
                .isInstanceOfSatisfying(DrctlException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED);
                    assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED);
                    assertThat(e.getMessage())
                            .contains(
                                    "held by run "
                                            + held.getMetadata()
                                                    .getAnnotations()
                                                    .get("drctl.io/run"),
                                    "operator tester on host machine-1");
                });
        assertThat(Files.exists(dir.resolve("machine-2/runs")))
                .as("nothing written for the refused run")
                .isFalse();
        assertThat(first.get().result().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void the_lease_is_renewed_while_the_run_lasts_longer_than_its_duration() throws Exception {
        Plan plan = plan(machineOne, "3s", SCALE_THEN_WAIT.formatted("6s"));
        CompletableFuture<PlanRuns.Outcome> first = CompletableFuture.supplyAsync(() -> machineOne.run(plan));
        Lease taken = Eventually.until(
                Duration.ofSeconds(10),
                () -> gasan.leases()
                        .inNamespace("drctl")
                        .withName("drctl-plan-chat-failover")
                        .get(),
                l -> l != null);
        Thread.sleep(4500);
        Lease later = gasan.leases()
                .inNamespace("drctl")
                .withName("drctl-plan-chat-failover")
                .get();
        PlanRuns machineTwo = machineOne.elsewhere(dir.resolve("machine-2"), "machine-2");

        assertThat(later.getSpec().getRenewTime()).isAfter(taken.getSpec().getRenewTime());
        assertThatThrownBy(() -> machineTwo.run(plan(machineTwo, "3s", SCALE_THEN_WAIT.formatted("100ms"))))
                .isInstanceOfSatisfying(
                        DrctlException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED));
        assertThat(first.get().result().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void an_expired_lease_is_taken_over_and_that_is_recorded() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        gasan.leases()
                .inNamespace("drctl")
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName("drctl-plan-chat-failover")
                        .withNamespace("drctl")
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity("run 20261122-010000-dead (operator ghost on host burnt)")
                        .withLeaseDurationSeconds(30)
                        .withRenewTime(longAgo.atZone(ZoneOffset.UTC))
                        .withAcquireTime(longAgo.atZone(ZoneOffset.UTC))
                        .withLeaseTransitions(0)
                        .endSpec()
                        .build())
                .create();
        Plan plan = plan(machineOne, "30s", SCALE_THEN_WAIT.formatted("100ms"));

        PlanRuns.Outcome run = machineOne.run(plan);

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.eventsOf(Notice.class))
                .filteredOn(n -> n.level().equals("warning"))
                .singleElement()
                .satisfies(n -> assertThat(n.message())
                        .startsWith("took over the expired lease drctl-plan-chat-failover in site gasan, "
                                + "namespace drctl from run 20261122-010000-dead (operator ghost on host burnt)")
                        .contains("10m ago"));
        assertThat(mirroredJournal(run.result().runId())).contains("took over the expired lease");
    }

    @Test
    void a_run_is_resumed_on_another_machine_from_the_mirrored_journal() throws Exception {
        Path flag = dir.resolve("db-promoted");
        String steps = SCALE_THEN_WAIT.formatted("100ms") + """
                - id: promote-db
                  type: exec
                  needs: [settle]
                  with: { command: [test, -f, "%s"] }
                """.formatted(flag);
        PlanRuns.Outcome first = machineOne.run(plan(machineOne, "30s", steps));
        assertThat(first.result().outcome()).as(first.describe()).isEqualTo(RunOutcome.FAILED);
        String runId = first.result().runId();
        Files.writeString(flag, "");
        PlanRuns machineTwo = machineOne.elsewhere(dir.resolve("machine-2"), "machine-2");
        Plan plan = plan(machineTwo, "30s", steps);

        assertThat(machineTwo.engine().restore(plan, runId, machineTwo.environment()))
                .contains("site gasan, namespace drctl");
        PlanRuns.Outcome resumed = machineTwo.resume(plan, runId);

        assertThat(resumed.result().outcome()).as(resumed.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(resumed.eventsOf(StepSkipped.class))
                .extracting(StepSkipped::stepId)
                .containsExactly("scale-gasan", "settle");
        String local =
                Files.readString(dir.resolve("machine-2/runs").resolve(runId).resolve(Journal.FILE_NAME));
        assertThat(local)
                .startsWith(Files.readString(
                        dir.resolve("machine-1/runs").resolve(runId).resolve(Journal.FILE_NAME)));
        assertThat(mirroredJournal(runId)).isEqualTo(local);
    }

    @Test
    void a_mirrored_journal_cut_short_in_the_state_site_is_refused_on_the_other_machine() throws Exception {
        Path flag = dir.resolve("db-promoted");
        String steps = SCALE_THEN_WAIT.formatted("100ms") + """
                - id: promote-db
                  type: exec
                  needs: [settle]
                  with: { command: [test, -f, "%s"] }
                """.formatted(flag);
        PlanRuns.Outcome first = machineOne.run(plan(machineOne, "30s", steps));
        String runId = first.result().runId();
        // someone cuts the last lines from the copy in the surviving site, leaving the head it was written with
        String chunk = JournalMirror.chunkName(runId, 1);
        gasan.configMaps().inNamespace("drctl").withName(chunk).edit(cm -> {
            String lines = cm.getData().get(JournalMirror.JOURNAL_KEY);
            java.util.List<String> kept = lines.lines().toList();
            cm.getData().put(JournalMirror.JOURNAL_KEY, String.join("\n", kept.subList(0, kept.size() - 3)) + "\n");
            return cm;
        });
        PlanRuns machineTwo = machineOne.elsewhere(dir.resolve("machine-2"), "machine-2");
        Plan plan = plan(machineTwo, "30s", steps);

        assertThat(machineTwo.engine().restore(plan, runId, machineTwo.environment()))
                .isPresent();
        var prior = machineTwo.engine().prior(runId);

        assertThat(prior.journal().chainVerifies()).isFalse();
        assertThat(prior.journal().chainError().orElse("")).contains("the last 3 lines are missing");
        assertThatThrownBy(() -> machineTwo.resume(plan, runId))
                .isInstanceOf(io.drctl.engine.DrctlException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void a_run_whose_lease_is_taken_away_stops_and_says_why() throws Exception {
        Plan plan = plan(machineOne, "3s", SCALE_THEN_WAIT.formatted("20s"));
        CompletableFuture<PlanRuns.Outcome> run = CompletableFuture.supplyAsync(() -> machineOne.run(plan));
        Eventually.until(
                Duration.ofSeconds(10),
                () -> gasan.leases()
                        .inNamespace("drctl")
                        .withName("drctl-plan-chat-failover")
                        .get(),
                l -> l != null);
        gasan.leases().inNamespace("drctl").withName("drctl-plan-chat-failover").edit(l -> {
            l.getSpec().setHolderIdentity("run 20261122-020000-beef (operator mallory on host elsewhere)");
            return l;
        });

        long start = System.nanoTime();
        PlanRuns.Outcome outcome = run.get();

        assertThat(outcome.result().outcome()).as(outcome.describe()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("stopped within a renewal, not after the 20s wait")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(outcome.eventsOf(Notice.class))
                .filteredOn(n -> n.level().equals("error"))
                .singleElement()
                .satisfies(n -> assertThat(n.message()).contains("lease lost", "now held by run 20261122-020000-beef"));
    }
}
