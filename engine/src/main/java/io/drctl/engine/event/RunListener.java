package io.drctl.engine.event;

/** Receives a run's events in order. Called from the engine's threads; implementations synchronise. */
@FunctionalInterface
public interface RunListener {
    void on(RunEvent event);
}
