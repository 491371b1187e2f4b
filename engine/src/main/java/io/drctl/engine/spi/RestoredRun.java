package io.drctl.engine.spi;

import java.util.Optional;

/**
 * A run as a state replica holds it: the journal's lines (each ending in a newline), the frozen
 * plan, and the journal's head as the replica recorded it with the lines (empty when it keeps
 * none). The engine writes its own files from it; a replica never writes into a run directory.
 */
public record RestoredRun(String journal, String frozenPlan, Optional<String> head) {
    public RestoredRun(String journal, String frozenPlan) {
        this(journal, frozenPlan, Optional.empty());
    }
}
