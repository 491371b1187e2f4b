package io.drctl.engine.run;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent.Notice;
import io.drctl.engine.journal.JournalHead;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.RestoredRun;
import io.drctl.engine.spi.RunStateReplica;
import io.drctl.engine.spi.RunStateReplicas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The engine's side of {@link RunStateReplicas}: takes the plan's lease before a run starts,
 * taps every journal line into the mirror, and turns what the replica reports into notices.
 *
 * <p>Policy, decided here: another live holder → exit 75 before anything is written. A state
 * site that does not answer → the run goes on with the local lock only and says so in a
 * warning notice (a failover must not wait for its bookkeeping). A lease lost mid-run → an error
 * notice and the run is interrupted (exit 130, resumable), so two runs never go on driving one
 * plan side by side.
 */
final class StateReplication implements AutoCloseable {
    private static final String SOURCE = "state";

    private final Optional<RunStateReplica> replica;
    private final List<String[]> pendingNotices = new ArrayList<>();
    private volatile RunSession session;
    private volatile Runnable onLost = () -> {};
    private volatile boolean active;

    private StateReplication(Optional<RunStateReplica> replica) {
        this.replica = replica;
    }

    static StateReplication open(Plan plan, Map<String, String> environment) {
        for (RunStateReplicas provider : ServiceLoader.load(RunStateReplicas.class, loader())) {
            Optional<RunStateReplica> r = provider.open(plan, environment);
            if (r.isPresent()) {
                return new StateReplication(r);
            }
        }
        return new StateReplication(Optional.empty());
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : StateReplication.class.getClassLoader();
    }

    /** Takes the lease; {@link ExitCode#LOCKED} when another live run holds it. */
    void acquire(String runId, String holder) {
        if (replica.isEmpty()) {
            // Said at every run, so nobody mistakes this machine's lock for a guard across machines.
            pendingNotices.add(new String[] {
                "warning",
                "this plan has no spec.state: only this machine's lock guards the run; "
                        + "nothing stops another machine from running the same plan at the same time"
            });
            return;
        }
        RunStateReplica r = replica.get();
        try {
            r.acquire(runId, holder, this::lost).ifPresent(note -> pendingNotices.add(new String[] {"warning", note}));
            active = true;
        } catch (DrctlException e) {
            if (e.exitCode() != ExitCode.UNREACHABLE) {
                throw e;
            }
            pendingNotices.add(new String[] {
                "warning",
                "run state is not replicated to " + r.where() + " (" + e.getMessage()
                        + "); only this machine's lock guards the run and only this machine has its journal"
            });
        }
    }

    void planFrozen(String text) {
        if (active) {
            replica.get().planFrozen(text);
        }
    }

    /** The journal's tap: every line as written, with the head after it. */
    void journalLine(String line, JournalHead head) {
        if (active) {
            replica.get().journalLine(line, head.text());
        }
    }

    /** From now on notices go into the run; those gathered before its first event go now. */
    void attach(RunSession session, Runnable onLost) {
        this.onLost = onLost;
        this.session = session;
        for (String[] n : pendingNotices) {
            notice(n[0], n[1]);
        }
        pendingNotices.clear();
        if (active) {
            notice("info", "run state replicated to " + replica.get().where() + "; lease held");
        }
    }

    private void lost(String why) {
        notice(
                "error",
                "lease lost: " + why
                        + "; stopping the run so that no two runs drive this plan (resume it when the lease is free)");
        onLost.run();
    }

    /**
     * Held while a notice goes into the run, so that {@link #detach()} waits for it: the lease's
     * own thread may report after the run has ended, when its journal is closed.
     */
    private synchronized void notice(String level, String message) {
        RunSession s = session;
        if (s != null) {
            s.emit(new Notice(Instant.now(), s.info().runId(), null, level, SOURCE, message));
        }
    }

    /** The run is over: nothing more goes into its record (called before the journal closes). */
    synchronized void detach() {
        session = null;
        onLost = () -> {};
    }

    /** Restores a mirrored run into {@code runDirectory}; false when the plan has no replica or it holds no such run. */
    Optional<RestoredRun> restore(String runId) {
        return replica.flatMap(r -> r.restore(runId));
    }

    Optional<String> where() {
        return replica.map(RunStateReplica::where);
    }

    @Override
    public void close() {
        replica.ifPresent(RunStateReplica::close);
    }
}
