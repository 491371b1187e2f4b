package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.Workloads;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.snapshot.CapacitySnapshot;
import io.drctl.adapters.kubernetes.snapshot.SnapshotLookup;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code k8s.scale} takes its numbers from: a fixed count, the newest capacity snapshot
 * of the other site(s), or another site's live counts (its snapshot when it does not answer).
 */
sealed interface ReplicaTarget {

    /** The count for {@code w}; {@code source} collects, once per source, where counts came from. */
    int countFor(StepContext ctx, Workload w, List<String> source) throws StepException;

    record Fixed(int replicas) implements ReplicaTarget {
        public int countFor(StepContext ctx, Workload w, List<String> source) {
            return replicas;
        }
    }

    /** The newest snapshot, of any site of the plan but this one, that holds the workload. */
    record FromSnapshot(String ownSite) implements ReplicaTarget {
        public int countFor(StepContext ctx, Workload w, List<String> source) throws StepException {
            List<CapacitySnapshot> candidates = new ArrayList<>();
            for (String site : ctx.plan().sites().keySet()) {
                if (!site.equals(ownSite)) {
                    SnapshotLookup.newest(ctx, site).filter(s -> s.entry(w.key()).isPresent()).ifPresent(candidates::add);
                }
            }
            CapacitySnapshot newest = candidates.stream().max(java.util.Comparator.comparing(CapacitySnapshot::takenAt))
                    .orElseThrow(() -> new StepFailedException("no capacity snapshot holds " + w.display()
                            + " (take one with 'drctl snapshot PLAN --site SITE' while the site is up)"));
            note(source, newest.describe(Instant.now()));
            return newest.entry(w.key()).orElseThrow().replicas();
        }
    }

    /** The other site's live count when it answers; else its newest snapshot. */
    record FromSite(String site) implements ReplicaTarget {
        public int countFor(StepContext ctx, Workload w, List<String> source) throws StepException {
            Cluster other = Cluster.of(ctx, site);
            if (other.answers()) {
                try {
                    Workload there = Workloads.get(other.client(), site, w.namespace(), w.kind(), w.name());
                    if (there == null) {
                        throw new StepFailedException("site " + site + " has no " + w.display() + " to take the count from");
                    }
                    note(source, "live counts of site " + site);
                    return there.replicas();
                } catch (TargetUnreachableException e) {
                    // the source site stopped answering (or was found half-dead) during the run: the verdict
                    // stands for the rest of the run, and its snapshot stands in
                    other.remember(e);
                }
            }
            Optional<CapacitySnapshot> snap = SnapshotLookup.newest(ctx, site);
            if (snap.isEmpty() || snap.get().entry(w.key()).isEmpty()) {
                throw new StepFailedException("site " + site + " does not answer and no capacity snapshot of it holds " + w.display());
            }
            note(source, "site " + site + " does not answer; " + snap.get().describe(Instant.now()));
            return snap.get().entry(w.key()).orElseThrow().replicas();
        }
    }

    private static void note(List<String> source, String text) {
        if (!source.contains(text)) {
            source.add(text);
        }
    }

    static ReplicaTarget of(Object replicas, String ownSite) {
        if (replicas instanceof Number n) {
            return new Fixed(n.intValue());
        }
        if (replicas instanceof Map<?, ?> m && m.get("fromSite") instanceof String site) {
            return new FromSite(site);
        }
        return new FromSnapshot(ownSite);
    }
}
