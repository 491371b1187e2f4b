package io.drctl.engine.spi;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The replicated state of one run: a lease held while it runs and a mirror of its journal, line
 * by line, so that the run can be resumed on another machine after this one is lost.
 *
 * <p>Failures are {@link io.drctl.engine.DrctlException}s: {@code LOCKED} when another live run
 * holds the lease, {@code UNREACHABLE} when the replica's target does not answer.
 */
public interface RunStateReplica extends AutoCloseable {

    /** Where the state goes, for people: {@code site gasan, namespace drctl}. */
    String where();

    /**
     * Takes the plan's lease for {@code runId} and keeps renewing it (never on the caller's
     * thread) until {@link #close()}. When the mirror of {@code runId} already exists (a resume),
     * later lines continue it.
     *
     * @param holder who holds it, for the message another run gets: run id, operator, host, pid
     * @param onLost called at most once, from any thread, when the lease is lost for good (another
     *               holder took it, or it could not be renewed before it expired), with one line saying why
     * @return a line for the journal when the lease was taken over from an expired holder
     */
    Optional<String> acquire(String runId, String holder, Consumer<String> onLost);

    /** The run's frozen (redacted) plan text, kept with the mirror so a resume elsewhere has it. */
    void planFrozen(String planText);

    /**
     * One journal line exactly as written (redacted, without its newline), in order. Must return
     * at once: replication happens in the background, and a failure here never fails the run.
     */
    void journalLine(String line);

    /**
     * {@link #journalLine(String)} with the journal's head after that line ({@code lines N last
     * HASH}, as in journal.head), for a replica that keeps the head with the lines so that a
     * restore can tell when lines were cut from its copy. The default keeps only the line.
     */
    default void journalLine(String line, String head) {
        journalLine(line);
    }

    /** The mirrored journal, frozen plan and head (when kept) of {@code runId}, or empty when the replica holds no such run. */
    Optional<RestoredRun> restore(String runId);

    /** Flushes what is still pending (bounded in time) and releases the lease if held. */
    @Override
    void close();
}
