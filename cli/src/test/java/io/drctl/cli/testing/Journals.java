package io.drctl.cli.testing;

import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.journal.JournalReader;
import io.drctl.engine.run.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads the journals a test's runs leave in its state directory. */
public final class Journals {
    private Journals() {}

    /** The only run in {@code stateDir}, once it exists. */
    public static String onlyRunId(Path stateDir, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            List<String> ids = new StateDirectory(stateDir).runIds();
            if (ids.size() == 1) {
                return ids.get(0);
            }
            if (ids.size() > 1) {
                throw new AssertionError("more than one run in " + stateDir + ": " + ids);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run appeared in " + stateDir + " within " + limit);
    }

    public static Path journalFile(Path stateDir, String runId) {
        return stateDir.resolve("runs").resolve(runId).resolve(Journal.FILE_NAME);
    }

    public static JournalContents read(Path stateDir, String runId) {
        return new JournalReader(new EventCodec()).read(journalFile(stateDir, runId));
    }

    /** Waits until the run's journal holds an event matching {@code what}. */
    public static RunEvent await(Path stateDir, String runId, Predicate<RunEvent> what, Duration limit)
            throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(journalFile(stateDir, runId))) {
                Optional<RunEvent> hit =
                        read(stateDir, runId).events().stream().filter(what).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the journal of run " + runId + " did not show the awaited event within " + limit);
    }
}
