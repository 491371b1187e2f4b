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
import java.util.Comparator;
import java.util.HashMap;
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

    /**
     * Called once with every selected workload before {@link #countFor}: where counts come from
     * is read once per step (one snapshot per site, one list per namespace of a live site), not
     * once per workload.
     */
    default void prepare(StepContext ctx, List<Workload> found) throws StepException, InterruptedException {}

    /** The newest snapshot, of any site of the plan but this one, that holds the workload. */
    final class FromSnapshot implements ReplicaTarget {
        private final String ownSite;
        private final Map<String, Optional<CapacitySnapshot>> newestBySite = new HashMap<>();

        FromSnapshot(String ownSite) {
            this.ownSite = ownSite;
        }

        public int countFor(StepContext ctx, Workload w, List<String> source) throws StepException {
            List<CapacitySnapshot> candidates = new ArrayList<>();
            for (String site : ctx.plan().sites().keySet()) {
                if (!site.equals(ownSite)) {
                    newestBySite
                            .computeIfAbsent(site, s -> SnapshotLookup.newest(ctx, s))
                            .filter(s -> s.entry(w.key()).isPresent())
                            .ifPresent(candidates::add);
                }
            }
            CapacitySnapshot newest = candidates.stream()
                    .max(Comparator.comparing(CapacitySnapshot::takenAt))
                    .orElseThrow(() -> new StepFailedException("no capacity snapshot holds " + w.display()
                            + " (take one with 'drctl snapshot PLAN --site SITE' while the site is up)"));
            note(source, newest.describe(Instant.now()));
            return newest.entry(w.key()).orElseThrow().replicas();
        }
    }

    /** The other site's live count when it answers; else its newest snapshot. */
    final class FromSite implements ReplicaTarget {
        private final String site;
        /** The other site's workloads by key, read once; null when it does not answer. */
        private Map<String, Workload> live;

        private Optional<CapacitySnapshot> snapshot;

        FromSite(String site) {
            this.site = site;
        }

        @Override
        public void prepare(StepContext ctx, List<Workload> found) throws StepException, InterruptedException {
            live = null;
            snapshot = null;
            Cluster other = Cluster.of(ctx, site);
            if (other.answers()) {
                try {
                    live = Workloads.current(other.client(), site, found);
                } catch (TargetUnreachableException e) {
                    // the source site stopped answering (or was found half-dead) during the run: the verdict
                    // stands for the rest of the run, and its snapshot stands in
                    other.remember(e);
                }
            }
        }

        public int countFor(StepContext ctx, Workload w, List<String> source) throws StepException {
            if (live != null) {
                Workload there = live.get(w.key());
                if (there == null) {
                    throw new StepFailedException(
                            "site " + site + " has no " + w.display() + " to take the count from");
                }
                note(source, "live counts of site " + site);
                return there.replicas();
            }
            if (snapshot == null) {
                snapshot = SnapshotLookup.newest(ctx, site);
            }
            if (snapshot.isEmpty() || snapshot.get().entry(w.key()).isEmpty()) {
                throw new StepFailedException(
                        "site " + site + " does not answer and no capacity snapshot of it holds " + w.display());
            }
            note(source, "site " + site + " does not answer; " + snapshot.get().describe(Instant.now()));
            return snapshot.get().entry(w.key()).orElseThrow().replicas();
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
