package io.drctl.engine.run;

import static io.drctl.engine.run.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.Notice;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the engine uses a plan's run-state replica: lease first, every journal line, notices, and stopping on a lost lease. */
class StateReplicationTest {
    @TempDir
    Path stateDir;

    final TestSteps steps = new TestSteps();
    final List<RunEvent> events = new CopyOnWriteArrayList<>();

    RunEngine engine() {
        return new RunEngine(
                new Language(List.of(steps), List.of(), List.of()), new StateDirectory(stateDir), new Redactor());
    }

    RunEngine.Execution start(Plan p) {
        return engine().start(p, RunEngineTest.settings(Mode.FAILOVER, 8), List.of(events::add));
    }

    private List<String> notices(String level) {
        return events.stream()
                .filter(Notice.class::isInstance)
                .map(Notice.class::cast)
                .filter(n -> n.level().equals(level))
                .map(Notice::message)
                .toList();
    }

    @Test
    void every_journal_line_reaches_the_replica_exactly_as_written() throws Exception {
        FakeReplicas.reset(FakeReplicas.Behaviour.HOLDS);
        RunResult r =
                start(plan().named("replicated-a").step("a", Map.of()).build()).execute();

        Path journal = stateDir.resolve("runs").resolve(r.runId()).resolve(Journal.FILE_NAME);
        assertThat(FakeReplicas.lines).containsExactlyElementsOf(Files.readAllLines(journal));
        assertThat(FakeReplicas.frozenPlan).isEqualTo(Files.readString(journal.resolveSibling(RunEngine.FROZEN_PLAN)));
        assertThat(notices("info")).containsExactly("run state replicated to the fake site; lease held");
        assertThat(FakeReplicas.closed).isTrue();
    }

    @Test
    void a_lease_held_elsewhere_refuses_the_run_before_anything_is_written() {
        FakeReplicas.reset(FakeReplicas.Behaviour.LOCKED);

        assertThatThrownBy(() ->
                        start(plan().named("replicated-b").step("a", Map.of()).build()))
                .isInstanceOfSatisfying(
                        DrctlException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
                .hasMessageContaining("held by run 1-other");
        assertThat(stateDir.resolve("runs")).doesNotExist();
        // the local lock was released with the refusal
        FakeReplicas.reset(FakeReplicas.Behaviour.HOLDS);
        assertThat(start(plan().named("replicated-b").step("a", Map.of()).build())
                        .execute()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void an_unreachable_state_site_is_a_warning_and_the_run_goes_on() {
        FakeReplicas.reset(FakeReplicas.Behaviour.UNREACHABLE);

        RunResult r =
                start(plan().named("replicated-c").step("a", Map.of()).build()).execute();

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(notices("warning"))
                .singleElement()
                .asString()
                .startsWith("run state is not replicated to the fake site (site fake did not answer)");
        assertThat(FakeReplicas.lines).isEmpty();
    }

    @Test
    void a_takeover_is_recorded_after_the_start() {
        FakeReplicas.reset(FakeReplicas.Behaviour.TAKES_OVER);

        start(plan().named("replicated-d").step("a", Map.of()).build()).execute();

        assertThat(events.get(0)).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(notices("warning")).containsExactly("took over the expired lease of run 0-dead");
    }

    @Test
    void a_lost_lease_stops_the_run_with_an_error_notice() throws Exception {
        FakeReplicas.reset(FakeReplicas.Behaviour.HOLDS);
        RunEngine.Execution ex = start(plan().named("replicated-e")
                .step("long", Map.of("sleep", 30_000L))
                .build());
        Thread.ofVirtual().start(() -> {
            try {
                while (steps.attempts.isEmpty()) {
                    Thread.sleep(10);
                }
                FakeReplicas.onLost.accept("lease x is now held by run 2-thief");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        long start = System.nanoTime();
        RunResult r = ex.execute();

        assertThat(r.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(notices("error"))
                .singleElement()
                .asString()
                .startsWith("lease lost: lease x is now held by run 2-thief; stopping the run");
    }

    @Test
    void plans_without_a_replica_run_and_are_told_that_nothing_guards_them_across_machines() {
        FakeReplicas.reset(FakeReplicas.Behaviour.LOCKED);

        assertThat(start(plan().named("local-only").step("a", Map.of()).build())
                        .execute()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(events)
                .filteredOn(Notice.class::isInstance)
                .map(Notice.class::cast)
                .singleElement()
                .satisfies(n -> assertThat(n.message())
                        .contains("this plan has no spec.state")
                        .contains("nothing stops another machine from running the same plan at the same time"));
    }
}
