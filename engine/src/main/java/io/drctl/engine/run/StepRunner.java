package io.drctl.engine.run;

import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.NeedsHumanException;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.spi.TargetUnreachableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one step to its end: attempts (check → apply unless already done → verify) under the
 * step's timeout, retries with backoff, and the mapping of what went wrong to a failure kind.
 * Each attempt runs in its own virtual thread so a timeout can interrupt it and still wait for
 * its clean-up (e.g. killing a process tree) before the next attempt or the run's end.
 */
final class StepRunner {
    /** How long an interrupted attempt may take to clean up before the runner stops waiting. */
    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

    private final RunSession session;

    StepRunner(RunSession session) {
        this.session = session;
    }

    /** Runs {@code def}; returns how it ended. An interrupt of the calling thread aborts it. */
    StepResult run(StepDefinition def) {
        StepType type = session.language()
                .stepType(def.type())
                .orElseThrow(() -> new IllegalStateException("unknown step type " + def.type() + " passed validation"));
        Instant started = Instant.now();
        int attempts = Math.max(1, def.retry().attempts());
        for (int attempt = 1; ; attempt++) {
            emit(new StepStarted(Instant.now(), runId(), def.id(), def.type(), attempt));
            Attempt result = attempt(type, def);
            long elapsed = Duration.between(started, Instant.now()).toMillis();
            if (result.failure == null) {
                session.recordOutputs(def.id(), result.outputs);
                emit(new StepSucceeded(Instant.now(), runId(), def.id(), result.applied, elapsed, result.outputs));
                return new StepResult.Succeeded(result.applied);
            }
            FailureKind kind = result.failure;
            if (kind == FailureKind.UNREACHABLE && def.ifUnreachable() == UnreachablePolicy.SKIP) {
                emit(new StepSkipped(Instant.now(), runId(), def.id(), SkipReason.UNREACHABLE, result.message));
                return new StepResult.Skipped();
            }
            boolean interrupted =
                    kind == FailureKind.INTERRUPTED || Thread.currentThread().isInterrupted();
            boolean willRetry = kind.retryable() && attempt < attempts && !interrupted;
            boolean continued = !willRetry && !interrupted && def.onFailure() == FailurePolicy.CONTINUE;
            emit(new StepFailed(
                    Instant.now(),
                    runId(),
                    def.id(),
                    kind,
                    result.message,
                    attempt,
                    willRetry,
                    continued,
                    elapsed,
                    result.outputs));
            if (!willRetry) {
                return new StepResult.Failed(kind, result.message, continued);
            }
            Duration delay = def.retry().backoff().delayAfter(attempt);
            emit(new StepProgress(
                    Instant.now(),
                    runId(),
                    def.id(),
                    "attempt " + attempt + "/" + attempts + " failed; retrying in " + DurationText.format(delay)));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emit(new StepFailed(
                        Instant.now(),
                        runId(),
                        def.id(),
                        FailureKind.INTERRUPTED,
                        "interrupted while waiting to retry",
                        attempt,
                        false,
                        false,
                        elapsed,
                        Map.of()));
                return new StepResult.Failed(FailureKind.INTERRUPTED, "interrupted", false);
            }
        }
    }

    private Attempt attempt(StepType type, StepDefinition def) {
        Duration timeout = def.timeout().orElse(type.defaultTimeout());
        LiveStepContext ctx = new LiveStepContext(session, def, Instant.now().plus(timeout));
        Attempt outcome = new Attempt();
        Thread worker = Thread.ofVirtual().name("step-" + def.id()).unstarted(() -> body(type, def, ctx, outcome));
        worker.start();
        try {
            if (!worker.join(timeout)) {
                worker.interrupt();
                worker.join(CLEANUP_LIMIT);
                boolean gate = type.onTimeout() == StepType.TimeoutMeaning.BLOCKED;
                Attempt timedOut = Attempt.failed(
                        gate ? FailureKind.BLOCKED : FailureKind.TIMED_OUT,
                        (gate ? "no decision within " : "timed out after ") + DurationText.canonical(timeout));
                timedOut.outputs = ctx.outputs();
                return timedOut;
            }
        } catch (InterruptedException e) {
            // The run is being interrupted (Ctrl-C): stop the attempt and let it clean up.
            worker.interrupt();
            try {
                worker.join(CLEANUP_LIMIT);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
            Thread.currentThread().interrupt();
            return Attempt.failed(FailureKind.INTERRUPTED, "interrupted");
        }
        return outcome;
    }

    private void body(StepType type, StepDefinition def, LiveStepContext ctx, Attempt outcome) {
        try {
            bodyPhases(type, def, ctx, outcome);
        } finally {
            if (outcome.failure != null) {
                outcome.outputs = ctx.outputs(); // what it recorded before failing, for the record
            }
        }
    }

    private void bodyPhases(StepType type, StepDefinition def, LiveStepContext ctx, Attempt outcome) {
        try {
            Step step = type.bind(def);
            CheckResult check = step.check(ctx);
            List<String> changes = check instanceof CheckResult.WillChange w ? w.changes() : List.of();
            emit(new StepChecked(Instant.now(), runId(), def.id(), CheckResults.kind(check), check.summary(), changes));
            if (check instanceof CheckResult.Blocked blocked) {
                outcome.fail(FailureKind.BLOCKED, blocked.summary());
                return;
            }
            boolean apply = !(check instanceof CheckResult.AlreadyDone);
            if (apply) {
                step.apply(ctx);
            }
            step.verify(ctx);
            outcome.succeed(apply, ctx.outputs());
        } catch (SafetyGateException e) {
            outcome.fail(FailureKind.BLOCKED, e.getMessage());
        } catch (NeedsHumanException e) {
            outcome.fail(FailureKind.NEEDS_HUMAN, e.getMessage());
        } catch (TargetUnreachableException e) {
            outcome.fail(FailureKind.UNREACHABLE, e.getMessage());
        } catch (StepFailedException e) {
            outcome.fail(FailureKind.FAILED, e.getMessage());
        } catch (InterruptedException e) {
            outcome.fail(FailureKind.INTERRUPTED, "interrupted");
        } catch (Exception e) {
            outcome.fail(FailureKind.FAILED, describe(e));
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName()
                + (msg == null || msg.isBlank()
                        ? ""
                        : ": " + msg.lines().findFirst().orElse(""));
    }

    private void emit(RunEvent e) {
        session.emit(e);
    }

    private String runId() {
        return session.info().runId();
    }

    /** What one attempt came to; written by the attempt's thread, read after it joined. */
    private static final class Attempt {
        volatile FailureKind failure;
        volatile String message;
        volatile boolean applied;
        volatile Map<String, Object> outputs = Map.of();

        static Attempt failed(FailureKind kind, String message) {
            Attempt a = new Attempt();
            a.fail(kind, message);
            return a;
        }

        void fail(FailureKind kind, String message) {
            this.failure = kind;
            this.message = message == null ? kind.name().toLowerCase() : message;
        }

        void succeed(boolean applied, Map<String, Object> outputs) {
            this.applied = applied;
            this.outputs = outputs;
        }
    }
}
