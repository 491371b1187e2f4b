package io.drctl.adapters.kubernetes.select;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A Deployment, StatefulSet or DaemonSet as a step sees it (replicas: a DaemonSet's desired number of pods). */
public record Workload(
        String namespace, Kind kind, String name, int replicas, Map<String, String> labels, Rollout rollout) {

    public enum Kind {
        Deployment,
        StatefulSet,
        DaemonSet;

        /** What has a replica count to set: not a DaemonSet, whose nodes decide how many pods it runs. */
        public boolean scalable() {
            return this != DaemonSet;
        }

        /** What a selection means when it names no kinds: what has replicas (a DaemonSet only when asked for). */
        public static Set<Kind> byDefault() {
            return Set.of(Deployment, StatefulSet);
        }
    }

    /** {@code chat/api}: how people name it in messages. */
    public String display() {
        return displayOf(key());
    }

    /** {@code Deployment/chat/api}: the stable key in outputs and snapshots. */
    public String key() {
        return key(namespace, kind, name);
    }

    /** {@link #display()} of a {@link #key()}. */
    public static String displayOf(String key) {
        String[] p = key.split("/", 3);
        return p.length < 3
                ? key
                : p[0].equals(Kind.Deployment.name()) ? p[1] + "/" + p[2] : p[1] + "/" + p[2] + " (" + p[0] + ")";
    }

    public static String key(String namespace, Kind kind, String name) {
        return kind.name() + "/" + namespace + "/" + name;
    }

    public static Workload of(Deployment d) {
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int desired = intOf(d.getSpec() == null ? null : d.getSpec().getReplicas(), 1);
        return new Workload(
                d.getMetadata().getNamespace(),
                Kind.Deployment,
                d.getMetadata().getName(),
                desired,
                labels(d.getMetadata().getLabels()),
                new Rollout(
                        desired,
                        longOf(d.getMetadata().getGeneration()),
                        longOf(s.getObservedGeneration()),
                        intOf(s.getReplicas(), 0),
                        intOf(s.getUpdatedReplicas(), 0),
                        intOf(s.getReadyReplicas(), 0),
                        intOf(s.getAvailableReplicas(), 0),
                        progressDeadlineExceeded(s)));
    }

    /** The Progressing condition's message when its reason is ProgressDeadlineExceeded (as kubectl reads it). */
    private static Optional<String> progressDeadlineExceeded(DeploymentStatus s) {
        if (s.getConditions() == null) {
            return Optional.empty();
        }
        return s.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                .map(c -> c.getMessage() == null || c.getMessage().isBlank()
                        ? "ProgressDeadlineExceeded"
                        : c.getMessage())
                .findFirst();
    }

    public static Workload of(DaemonSet ds) {
        var s = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        var strategy = ds.getSpec() == null ? null : ds.getSpec().getUpdateStrategy();
        int desired = intOf(s.getDesiredNumberScheduled(), 0);
        return new Workload(
                ds.getMetadata().getNamespace(),
                Kind.DaemonSet,
                ds.getMetadata().getName(),
                desired,
                labels(ds.getMetadata().getLabels()),
                new Rollout(
                        desired,
                        longOf(ds.getMetadata().getGeneration()),
                        longOf(s.getObservedGeneration()),
                        intOf(s.getCurrentNumberScheduled(), 0),
                        intOf(s.getUpdatedNumberScheduled(), 0),
                        intOf(s.getNumberReady(), 0),
                        intOf(s.getNumberAvailable(), 0),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new Rollout.DaemonSetUpdate(
                                strategy != null && "OnDelete".equals(strategy.getType())))));
    }

    public static Workload of(StatefulSet st) {
        StatefulSetStatus s = st.getStatus() == null ? new StatefulSetStatus() : st.getStatus();
        int desired = intOf(st.getSpec() == null ? null : st.getSpec().getReplicas(), 1);
        return new Workload(
                st.getMetadata().getNamespace(),
                Kind.StatefulSet,
                st.getMetadata().getName(),
                desired,
                labels(st.getMetadata().getLabels()),
                new Rollout(
                        desired,
                        longOf(st.getMetadata().getGeneration()),
                        longOf(s.getObservedGeneration()),
                        intOf(s.getReplicas(), 0),
                        intOf(s.getUpdatedReplicas(), 0),
                        intOf(s.getReadyReplicas(), 0),
                        intOf(s.getAvailableReplicas(), 0),
                        Optional.empty(),
                        Optional.of(update(st, s))));
    }

    /** The StatefulSet's update strategy (RollingUpdate when unset, as the API defaults it) and revisions. */
    private static Rollout.StatefulSetUpdate update(StatefulSet st, StatefulSetStatus s) {
        var strategy = st.getSpec() == null ? null : st.getSpec().getUpdateStrategy();
        boolean onDelete = strategy != null && "OnDelete".equals(strategy.getType());
        Integer partition = strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getPartition();
        // A controller that reports no revisions (older, or simulated) cannot disagree with itself.
        boolean agree = s.getUpdateRevision() == null || s.getUpdateRevision().equals(s.getCurrentRevision());
        return new Rollout.StatefulSetUpdate(onDelete, partition == null ? 0 : partition, agree);
    }

    private static Map<String, String> labels(Map<String, String> l) {
        return l == null ? Map.of() : Map.copyOf(l);
    }

    private static int intOf(Integer v, int fallback) {
        return v == null ? fallback : v;
    }

    private static long longOf(Long v) {
        return v == null ? 0 : v;
    }
}
