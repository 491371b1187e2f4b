package io.drctl.engine.run;

import static io.drctl.engine.run.TestPlans.plan;
import static io.drctl.engine.run.TestPlans.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.journal.JournalReader;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.Language;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEngineTest {
    @TempDir
    Path stateDir;

    final TestSteps steps = new TestSteps();
    final List<RunEvent> events = new CopyOnWriteArrayList<>();

    RunEngine engine() {
        return new RunEngine(
                new Language(List.of(steps), List.of(), List.of()), new StateDirectory(stateDir), new Redactor());
    }

    static RunSettings settings(Mode mode, int parallelism) {
        return new RunSettings(
                mode,
                parallelism,
                "alice",
                "laptop",
                "test",
                ApprovalBroker.PreApprovals.NONE,
                Optional.empty(),
                Map.of(),
                "drctl approve");
    }

    RunResult run(Plan plan) {
        return run(plan, Mode.FAILOVER, 8);
    }

    RunResult run(Plan plan, Mode mode, int parallelism) {
        return engine().start(plan, settings(mode, parallelism), List.of(events::add))
                .execute();
    }

    @Test
    void steps_run_after_the_steps_they_need() {
        RunResult r = run(plan().step("c", Map.of(), "b")
                .step("a", Map.of("sleep", 100L))
                .step("b", Map.of(), "a")
                .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.appliedIds()).containsExactly("a", "b", "c");
    }

    @Test
    void independent_steps_run_concurrently() {
        RunResult r = run(plan().step("one", Map.of("sleep", 500L))
                .step("two", Map.of("sleep", 500L))
                .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        // Overlapping applies, however slow the machine: one after the other, the second would start after the first
        // ended.
        TestSteps.Applied first = steps.applied.get(0);
        TestSteps.Applied second = steps.applied.get(1);
        assertThat(second.start()).isBefore(first.end());
    }

    @Test
    void parallelism_bounds_how_many_steps_run_at_once() {
        RunResult r = run(
                plan().step("one", Map.of("sleep", 300L))
                        .step("two", Map.of("sleep", 300L))
                        .build(),
                Mode.FAILOVER,
                1);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        TestSteps.Applied first = steps.applied.get(0);
        TestSteps.Applied second = steps.applied.get(1);
        assertThat(second.start()).isAfterOrEqualTo(first.end());
    }

    @Test
    void a_step_that_runs_out_of_time_is_interrupted_and_recorded_as_timed_out() {
        Instant t0 = Instant.now();
        RunResult r =
                run(plan().step(step("slow").with(Map.of("sleep", 30_000L)).timeout(Duration.ofMillis(300)))
                        .build());
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(steps.interrupted).containsExactly("slow");
        assertThat(failures()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.TIMED_OUT);
            assertThat(f.message()).isEqualTo("timed out after 300ms");
        });
    }

    @Test
    void a_failing_step_is_retried_with_backoff_until_it_succeeds() {
        Instant t0 = Instant.now();
        RunResult r =
                run(plan().step(step("flaky").with(Map.of("failTimes", 2L)).retry(3, Duration.ofMillis(200)))
                        .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.attempts.get("flaky").get()).isEqualTo(3);
        assertThat(Duration.between(t0, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(failures())
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.willRetry()).isTrue());
    }

    @Test
    void retries_stop_after_the_last_attempt() {
        RunResult r =
                run(plan().step(step("broken").with(Map.of("outcome", "fail")).retry(2, Duration.ofMillis(10)))
                        .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(steps.attempts.get("broken").get()).isEqualTo(2);
        assertThat(failures()).extracting(StepFailed::willRetry).containsExactly(true, false);
    }

    @Test
    void a_halting_failure_starts_no_new_step_but_lets_running_ones_finish() {
        RunResult r = run(plan().step("long", Map.of("sleep", 500L))
                .step("bad", Map.of("outcome", "fail"))
                .step("after-bad", Map.of(), "bad")
                .step("after-long", Map.of(), "long")
                .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(steps.appliedIds()).containsExactly("long");
        assertThat(skips())
                .extracting(StepSkipped::stepId, StepSkipped::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("after-bad", SkipReason.HALTED),
                        org.assertj.core.groups.Tuple.tuple("after-long", SkipReason.HALTED));
    }

    @Test
    void on_failure_continue_lets_the_run_and_its_dependents_go_on() {
        RunResult r =
                run(plan().step(step("optional").with(Map.of("outcome", "fail")).continueOnFailure())
                        .step("next", Map.of(), "optional")
                        .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.appliedIds()).containsExactly("next");
        assertThat(r.summary()).contains("1 failed and continued past");
    }

    @Test
    void steps_outside_the_run_mode_are_skipped_and_their_dependents_run() {
        RunResult r = run(
                plan().step(step("drill-only").when(Mode.REHEARSAL))
                        .step("next", Map.of(), "drill-only")
                        .build(),
                Mode.FAILOVER,
                8);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.appliedIds()).containsExactly("next");
        assertThat(skips()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.NOT_IN_MODE);
            assertThat(s.detail()).contains("rehearsal");
        });
    }

    @Test
    void an_unreachable_target_is_skipped_when_the_step_says_so() {
        RunResult r = run(plan().step(step("freeze-old-site")
                        .with(Map.of("outcome", "unreachable"))
                        .skipIfUnreachable())
                .step("promote", Map.of(), "freeze-old-site")
                .build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.appliedIds()).containsExactly("promote");
        assertThat(skips()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.UNREACHABLE);
            assertThat(s.detail()).isEqualTo("site-a does not answer");
        });
    }

    @Test
    void an_unreachable_target_fails_the_run_with_exit_69_by_default() {
        RunResult r =
                run(plan().step("freeze", Map.of("outcome", "unreachable")).build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.UNREACHABLE);
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void a_safety_gate_is_never_retried_and_ends_the_run_with_exit_3() {
        RunResult r = run(
                plan().step(step("guarded").with(Map.of("outcome", "blocked")).retry(5, Duration.ofMillis(10)))
                        .build());
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.BLOCKED);
        assertThat(steps.attempts.get("guarded").get()).isEqualTo(1);
    }

    @Test
    void a_step_already_done_is_not_applied_but_succeeds() {
        RunResult r = run(plan().step("done", Map.of("done", true)).build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.applied).isEmpty();
        assertThat(events)
                .filteredOn(StepSucceeded.class::isInstance)
                .map(StepSucceeded.class::cast)
                .singleElement()
                .satisfies(s -> assertThat(s.applied()).isFalse());
    }

    @Test
    void the_journal_records_every_event_and_its_hash_chain_verifies() {
        RunResult r = run(plan().step("a", Map.of()).step("b", Map.of(), "a").build());
        JournalContents journal = new JournalReader(new EventCodec())
                .read(stateDir.resolve("runs").resolve(r.runId()).resolve(Journal.FILE_NAME));
        assertThat(journal.chainVerifies()).isTrue();
        assertThat(journal.events()).hasSameSizeAs(events);
        assertThat(journal.events())
                .map(EventCodec::typeName)
                .startsWith("run.started")
                .endsWith("run.finished");
        assertThat(journal.tornTail()).isFalse();
    }

    @Test
    void resume_does_not_apply_completed_steps_again() {
        Plan p = plan().step("a", Map.of())
                .step("b", Map.of("outcome", "fail"), "a")
                .step("c", Map.of(), "b")
                .build();
        RunResult first = run(p);
        assertThat(first.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(steps.appliedIds()).containsExactly("a");

        // The operator fixes what made b fail: here, the same plan text with b succeeding.
        Plan fixed = plan().step("a", Map.of())
                .step("b", Map.of(), "a")
                .step("c", Map.of(), "b")
                .build();
        RunEngine e = engine();
        RunEngine.PriorRun prior = e.prior(first.runId());
        RunResult resumed = e.resume(prior, fixed, true, settings(Mode.FAILOVER, 8), List.of(events::add))
                .execute();
        assertThat(resumed.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(steps.appliedIds()).containsExactly("a", "b", "c");
    }

    @Test
    void resume_refuses_a_changed_plan_unless_the_change_is_accepted() {
        RunResult first = run(plan().step("a", Map.of("outcome", "fail")).build());
        Plan changed = plan().step("a", Map.of()).build();
        RunEngine e = engine();
        assertThatThrownBy(
                        () -> e.resume(e.prior(first.runId()), changed, false, settings(Mode.FAILOVER, 8), List.of()))
                .isInstanceOf(DrctlException.class)
                .hasMessageContaining("the plan changed since run " + first.runId())
                .extracting(t -> ((DrctlException) t).exitCode())
                .isEqualTo(ExitCode.BLOCKED);
    }

    @Test
    void a_second_run_of_the_same_plan_is_refused_with_the_holder_named() throws Exception {
        Plan p = plan().named("locked-plan").step("a", Map.of("sleep", 1000L)).build();
        RunEngine.Execution first = engine().start(p, settings(Mode.FAILOVER, 8), List.of());
        try {
            assertThatThrownBy(() -> engine().start(p, settings(Mode.FAILOVER, 8), List.of()))
                    .isInstanceOf(DrctlException.class)
                    .hasMessageContaining("plan 'locked-plan' is locked by run " + first.runId())
                    .hasMessageContaining("operator alice on host laptop")
                    .extracting(t -> ((DrctlException) t).exitCode())
                    .isEqualTo(ExitCode.LOCKED);
        } finally {
            first.execute();
        }
        // Released at the end: the next run may start.
        assertThat(engine().start(p, settings(Mode.FAILOVER, 8), List.of())
                        .execute()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void interrupting_a_run_stops_running_steps_and_records_the_interrupt() throws Exception {
        RunEngine.Execution ex = engine().start(
                        plan().step("long", Map.of("sleep", 30_000L))
                                .step("next", Map.of(), "long")
                                .build(),
                        settings(Mode.FAILOVER, 8),
                        List.of(events::add));
        Thread runner = Thread.ofVirtual().start(ex::execute);
        while (steps.attempts.isEmpty()) {
            Thread.sleep(10);
        }
        assertThat(ex.interrupt(Duration.ofSeconds(5))).isTrue();
        runner.join(5000);
        assertThat(steps.interrupted).containsExactly("long");
        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        RunEvent.RunFinished.class, f -> assertThat(f.outcome()).isEqualTo(RunOutcome.INTERRUPTED));
    }

    @Test
    void observers_see_every_event_and_their_notices_reach_the_journal() {
        List<RunEvent> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        io.drctl.engine.spi.RunObserver observer =
                (plan, ctx) -> Optional.of(new io.drctl.engine.spi.RunObserver.Listener() {
                    public void on(RunEvent e) {
                        seen.add(e);
                        if (e instanceof RunEvent.RunStarted) {
                            ctx.notice("warning", "test/observer", "channel down");
                        }
                    }

                    public void close() {
                        closed.set(true);
                    }
                });
        RunEngine e = new RunEngine(
                new Language(List.of(steps), List.of(), List.of(), List.of(observer)),
                new StateDirectory(stateDir),
                new Redactor());
        RunResult r = e.start(plan().step("a", Map.of()).build(), settings(Mode.FAILOVER, 8), List.of(events::add))
                .execute();
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(seen)
                .map(EventCodec::typeName)
                .startsWith("run.started", "run.notice")
                .endsWith("run.finished");
        assertThat(closed).isTrue();
        JournalContents journal = new JournalReader(new EventCodec())
                .read(stateDir.resolve("runs").resolve(r.runId()).resolve(Journal.FILE_NAME));
        assertThat(journal.eventsOf(RunEvent.Notice.class))
                .filteredOn(n -> !n.message().contains("no spec.state"))
                .singleElement()
                .satisfies(n -> assertThat(n.message()).isEqualTo("channel down"));
    }

    private List<StepFailed> failures() {
        return events.stream()
                .filter(StepFailed.class::isInstance)
                .map(StepFailed.class::cast)
                .toList();
    }

    private List<StepSkipped> skips() {
        return events.stream()
                .filter(StepSkipped.class::isInstance)
                .map(StepSkipped.class::cast)
                .toList();
    }
}
