package io.drctl.engine.run;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.journal.JournalReader;

/** Reads runs' journals in a state directory into {@link RunStatus}es. */
public final class RunStatuses {
    private final StateDirectory state;
    private final JournalReader reader = new JournalReader(new EventCodec());

    public RunStatuses(StateDirectory state) {
        this.state = state;
    }

    public RunStatus of(String runId) {
        JournalContents journal = journal(runId);
        String planName = journal.first(RunEvent.RunStarted.class)
                .orElseThrow(() -> new DrctlException(
                        ExitCode.NEEDS_HUMAN,
                        "run " + runId + " has no start record in its journal"
                                + journal.chainError()
                                        .map(e -> " (" + e + ")")
                                        .orElse(journal.events().isEmpty() ? " (the journal is empty)" : "")))
                .planName();
        return RunStatus.of(journal, PlanLock.holder(state, planName));
    }

    public JournalContents journal(String runId) {
        return reader.read(state.runDirectory(runId).resolve(Journal.FILE_NAME));
    }
}
