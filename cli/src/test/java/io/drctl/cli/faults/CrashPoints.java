package io.drctl.cli.faults;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Where a crash matrix kills drctl and what it reads back from the journal afterwards: kill
 * points are journal events (plus a delay, to land inside an apply), and after the resume the
 * matrix asks which steps that had completed before the crash started again.
 */
final class CrashPoints {
    private CrashPoints() {}

    /** Where to kill: after the journal shows {@code event}, and {@code delay} later. */
    record KillPoint(String name, Predicate<RunEvent> event, Duration delay) {
        @Override
        public String toString() {
            return name + (delay.isZero() ? "" : " +" + delay.toMillis() + "ms");
        }
    }

    /** The delays after a mutating step's check: one in the default run, more in the long variant. */
    static List<Duration> insideStepDelays(Duration... longOnes) {
        List<Duration> delays = new ArrayList<>(List.of(Duration.ZERO));
        if (ReliabilityFigures.LONG) {
            delays.addAll(List.of(longOnes));
        } else {
            delays.add(longOnes[longOnes.length / 2]);
        }
        return delays;
    }

    /**
     * Kill points for a mutating step: as it starts, as its check is journaled and the delays
     * after that (before, during or after apply), and as it succeeds.
     */
    static List<KillPoint> aroundMutatingStep(String label, String step, List<Duration> delays) {
        List<KillPoint> points = new ArrayList<>();
        points.add(new KillPoint(label + " started", started(step), Duration.ZERO));
        for (Duration d : delays) {
            points.add(new KillPoint(label + " checked", checked(step), d));
        }
        points.add(new KillPoint(label + " succeeded", succeeded(step), Duration.ZERO));
        return points;
    }

    static Predicate<RunEvent> started(String step) {
        return e -> e instanceof StepStarted s && s.stepId().equals(step);
    }

    static Predicate<RunEvent> checked(String step) {
        return e -> e instanceof StepChecked c && c.stepId().equals(step);
    }

    static Predicate<RunEvent> succeeded(String step) {
        return e -> e instanceof StepSucceeded s && s.stepId().equals(step);
    }

    static Set<String> succeededSteps(List<RunEvent> events) {
        return events.stream()
                .filter(StepSucceeded.class::isInstance)
                .map(RunEvent::stepId)
                .collect(Collectors.toSet());
    }

    /** Steps in {@code completedBeforeCrash} that started again after the last resume. */
    static Set<String> repeatedAfterResume(List<RunEvent> events, Set<String> completedBeforeCrash) {
        return eventsAfterLastResume(events).stream()
                .filter(e -> e instanceof StepStarted s && completedBeforeCrash.contains(s.stepId()))
                .map(RunEvent::stepId)
                .collect(Collectors.toSet());
    }

    static List<RunEvent> eventsAfterLastResume(List<RunEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof RunEvent.RunResumed) {
                return events.subList(i, events.size());
            }
        }
        return List.of();
    }
}
