package io.drctl.engine.run;

import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.plan.StepDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Walks the plan's DAG: a step starts when everything it needs has succeeded or was skipped
 * (or failed with {@code onFailure: continue}), at most {@code parallelism} at a time, each on
 * a virtual thread. After a halting failure no new step starts; running ones finish.
 */
final class Scheduler {
    private final RunSession session;
    private final int parallelism;
    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private volatile boolean interrupted;

    Scheduler(RunSession session, int parallelism) {
        this.session = session;
        this.parallelism = parallelism;
    }

    /** Interrupts the run: running steps are interrupted and clean up; nothing new starts. */
    void interrupt() {
        interrupted = true;
        running.values().forEach(Thread::interrupt);
    }

    record Completion(String stepId, StepResult result) {}

    /**
     * Runs every step not in {@code completedEarlier}; returns each step's result in plan order.
     */
    Map<String, StepResult> execute(Set<String> completedEarlier) {
        List<StepDefinition> steps = session.plan().steps();
        Map<String, StepResult> results = new LinkedHashMap<>();
        LinkedBlockingQueue<Completion> done = new LinkedBlockingQueue<>();
        List<StepDefinition> pending = new ArrayList<>();
        for (StepDefinition s : steps) {
            if (completedEarlier.contains(s.id())) {
                results.put(s.id(), new StepResult.Skipped());
                emitSkip(s, SkipReason.ALREADY_COMPLETED, "completed before the resume");
            } else {
                pending.add(s);
            }
        }
        String haltedBy = null;
        while (true) {
            if (haltedBy == null && !interrupted) {
                startReady(pending, results, done);
            }
            if (running.isEmpty()) {
                break;
            }
            Completion c;
            try {
                c = done.take();
            } catch (InterruptedException e) {
                interrupt();
                continue;
            }
            running.remove(c.stepId());
            results.put(c.stepId(), c.result());
            if (c.result() instanceof StepResult.Failed f && !f.continued() && haltedBy == null) {
                haltedBy = c.stepId();
            }
        }
        for (StepDefinition s : pending) {
            String why = interrupted
                    ? "not started: the run was interrupted"
                    : haltedBy != null
                            ? "not started: the run halted after step '" + haltedBy + "' failed"
                            : "not started: a step it needs did not complete";
            emitSkip(s, SkipReason.HALTED, why);
        }
        Map<String, StepResult> ordered = new LinkedHashMap<>();
        for (StepDefinition s : steps) {
            if (results.containsKey(s.id())) {
                ordered.put(s.id(), results.get(s.id()));
            }
        }
        return ordered;
    }

    boolean wasInterrupted() {
        return interrupted;
    }

    private void startReady(
            List<StepDefinition> pending, Map<String, StepResult> results, LinkedBlockingQueue<Completion> done) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext() && running.size() < parallelism; ) {
                StepDefinition s = it.next();
                if (!s.needs().stream()
                        .allMatch(n -> results.containsKey(n) && results.get(n).satisfiesDependents())) {
                    continue;
                }
                it.remove();
                if (!s.runsIn(session.info().mode())) {
                    results.put(s.id(), new StepResult.Skipped());
                    emitSkip(
                            s,
                            SkipReason.NOT_IN_MODE,
                            "runs only in "
                                    + s.when().stream()
                                            .map(m -> m.text())
                                            .sorted()
                                            .toList() + ", this is a "
                                    + session.info().mode().text() + " run");
                    progress = true; // its dependents may now be ready
                    continue;
                }
                StepRunner runner = new StepRunner(session);
                Thread t = Thread.ofVirtual()
                        .name("run-" + s.id())
                        .unstarted(() -> done.add(new Completion(s.id(), runner.run(s))));
                running.put(s.id(), t);
                t.start();
                if (interrupted) {
                    t.interrupt();
                }
            }
        }
    }

    private void emitSkip(StepDefinition s, SkipReason reason, String detail) {
        session.emit(new StepSkipped(Instant.now(), session.info().runId(), s.id(), reason, detail));
    }

    /** The run's outcome: an interrupt wins, then the gravest halting failure. */
    static RunOutcome outcomeOf(Map<String, StepResult> results, boolean interrupted) {
        if (interrupted) {
            return RunOutcome.INTERRUPTED;
        }
        RunOutcome worst = RunOutcome.SUCCEEDED;
        for (StepResult r : results.values()) {
            if (r instanceof StepResult.Failed f && !f.continued()) {
                RunOutcome o = switch (f.kind()) {
                    case BLOCKED -> RunOutcome.BLOCKED;
                    case NEEDS_HUMAN -> RunOutcome.NEEDS_HUMAN;
                    case UNREACHABLE -> RunOutcome.UNREACHABLE;
                    case INTERRUPTED -> RunOutcome.INTERRUPTED;
                    case FAILED, TIMED_OUT -> RunOutcome.FAILED;
                };
                if (rank(o) > rank(worst)) {
                    worst = o;
                }
            }
        }
        return worst;
    }

    private static int rank(RunOutcome o) {
        return switch (o) {
            case SUCCEEDED -> 0;
            case FAILED -> 1;
            case UNREACHABLE -> 2;
            case NEEDS_HUMAN -> 3;
            case BLOCKED -> 4;
            case INTERRUPTED -> 5;
        };
    }
}
