package io.drctl.cli.command;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunListener;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The demo's fire, started at a chosen point of the run: once every step of {@code after} has
 * succeeded, {@code loss} runs (before the engine starts the next steps, since listeners are
 * called in order on the engine's thread), and the people watching are told. Passes every event
 * on to {@code shown}.
 */
final class LossTrigger implements RunListener {
    private final Set<String> waitingFor;
    private final Runnable loss;
    private final String announcement;
    private final RunListener shown;
    private boolean fired;

    LossTrigger(Set<String> after, Runnable loss, String announcement, RunListener shown) {
        this.waitingFor = new HashSet<>(after);
        this.loss = loss;
        this.announcement = announcement;
        this.shown = shown;
    }

    @Override
    public synchronized void on(RunEvent event) {
        shown.on(event);
        if (fired
                || !(event instanceof RunEvent.StepSucceeded s)
                || !waitingFor.remove(s.stepId())
                || !waitingFor.isEmpty()) {
            return;
        }
        fired = true;
        loss.run();
        shown.on(new RunEvent.Notice(Instant.now(), s.runId(), null, "warning", "demo", announcement));
    }
}
