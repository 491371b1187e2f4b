package io.drctl.adapters.database;

import java.util.List;

/** The client sessions a fence ended, and those it could not end (with why). */
public record SessionSweep(int ended, List<String> notEnded) {
    public SessionSweep {
        notEnded = List.copyOf(notEnded);
    }
}
