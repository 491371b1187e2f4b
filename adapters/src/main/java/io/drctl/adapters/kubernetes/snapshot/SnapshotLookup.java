package io.drctl.adapters.kubernetes.snapshot;

import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.state.StateSettings;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The newest capacity snapshot of a site for a step: from the state directory or the state site, whichever is newer. */
public final class SnapshotLookup {
    private SnapshotLookup() {}

    public static Optional<CapacitySnapshot> newest(StepContext ctx, String site) {
        String plan = ctx.plan().name();
        Optional<CapacitySnapshot> local =
                SnapshotStore.newestLocal(SnapshotStore.stateRoot(ctx.environment()), plan, site);
        Optional<CapacitySnapshot> remote = Optional.empty();
        Optional<StateSettings> state = StateSettings.of(ctx.plan());
        if (state.isPresent()) {
            try {
                Cluster c = Cluster.of(ctx, state.get().site());
                if (c.answers()) {
                    remote = SnapshotStore.newestRemote(c.client(), state.get().namespace(), plan, site);
                }
            } catch (StepException | RuntimeException e) {
                // the state site does not help this time; the local copy may
            }
        }
        return Stream.of(local, remote).flatMap(Optional::stream).max(Comparator.comparing(CapacitySnapshot::takenAt));
    }
}
