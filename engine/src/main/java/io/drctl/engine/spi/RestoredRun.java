package io.drctl.engine.spi;

/**
 * A run as a state replica holds it: the journal's lines (each ending in a newline) and the
 * frozen plan. The engine writes its own files from it; a replica never writes into a run
 * directory.
 */
public record RestoredRun(String journal, String frozenPlan) {
}
