package io.drctl.adapters.kubernetes.select;

import java.util.Optional;

/**
 * How far a Deployment or StatefulSet is rolled out, from its status, judged as
 * {@code kubectl rollout status} judges it. A Deployment: the controller has seen the latest
 * spec and every replica is updated, ready and available, and no old one is left. A StatefulSet
 * ({@code statefulSet} present): the controller has seen the spec and every pod is ready, and
 * then — with {@code OnDelete}, nothing more (its pods take the new spec only when deleted; kubectl
 * refuses to wait at all); with a partition, the pods above it are updated; else its current and
 * update revisions agree. A DaemonSet ({@code daemonSet} present; desired, replicas, updated,
 * ready and available are its desired, current, updated, ready and available numbers scheduled):
 * the controller has seen the spec, a pod of the new template is scheduled on every node that
 * should run one, and each of them is available — with {@code OnDelete}, nothing is waited on
 * (kubectl's rollout status refuses to wait for it). Never stricter than kubectl where kubectl
 * accepts.
 */
public record Rollout(
        int desired,
        long generation,
        long observedGeneration,
        int replicas,
        int updated,
        int ready,
        int available,
        Optional<String> progressDeadlineExceeded,
        Optional<StatefulSetUpdate> statefulSet,
        Optional<DaemonSetUpdate> daemonSet) {

    /** A DaemonSet's update strategy: OnDelete, or RollingUpdate (the API's default). */
    public record DaemonSetUpdate(boolean onDelete) {}

    public Rollout(
            int desired,
            long generation,
            long observedGeneration,
            int replicas,
            int updated,
            int ready,
            int available,
            Optional<String> progressDeadlineExceeded,
            Optional<StatefulSetUpdate> statefulSet) {
        this(
                desired,
                generation,
                observedGeneration,
                replicas,
                updated,
                ready,
                available,
                progressDeadlineExceeded,
                statefulSet,
                Optional.empty());
    }

    /** A StatefulSet's update strategy and where its revisions stand. */
    public record StatefulSetUpdate(boolean onDelete, int partition, boolean revisionsAgree) {}

    public Rollout(
            int desired,
            long generation,
            long observedGeneration,
            int replicas,
            int updated,
            int ready,
            int available,
            Optional<String> progressDeadlineExceeded) {
        this(
                desired,
                generation,
                observedGeneration,
                replicas,
                updated,
                ready,
                available,
                progressDeadlineExceeded,
                Optional.empty());
    }

    /**
     * Why the rollout will not finish by itself, as {@code kubectl rollout status} fails at once:
     * a Deployment whose controller (having seen the latest spec) reports
     * {@code ProgressDeadlineExceeded}. Empty while waiting still makes sense.
     */
    public Optional<String> stalled() {
        return observedGeneration >= generation ? progressDeadlineExceeded : Optional.empty();
    }

    public boolean done() {
        if (daemonSet.isPresent() && daemonSet.get().onDelete()) {
            return true; // pods take a new template only when deleted: there is no rollout to wait for
        }
        if (observedGeneration < generation) {
            return false;
        }
        if (daemonSet.isPresent()) {
            // kubectl's DaemonSetStatusViewer: updatedNumberScheduled, then numberAvailable, against
            // desiredNumberScheduled.
            return updated >= desired && available >= desired;
        }
        if (statefulSet.isPresent()) {
            StatefulSetUpdate s = statefulSet.get();
            if (ready < desired) {
                return false;
            }
            if (s.onDelete()) {
                return true;
            }
            return s.partition() > 0 ? updated >= desired - s.partition() : s.revisionsAgree();
        }
        return updated == desired && ready == desired && available == desired && replicas == desired;
    }

    /** {@code 3/6 ready}, with what is still missing when it helps. */
    public String describe() {
        String text = ready + "/" + desired + " ready";
        if (daemonSet.isPresent() && daemonSet.get().onDelete()) {
            return text + " (OnDelete: not waited on; pods take a new template only when deleted)";
        }
        if (observedGeneration < generation) {
            return text + " (controller has not seen the change yet)";
        }
        if (statefulSet.isPresent()) {
            StatefulSetUpdate s = statefulSet.get();
            if (s.onDelete()) {
                return text
                        + (updated < desired
                                ? " (OnDelete: " + (desired - updated) + " pods keep the old spec until deleted)"
                                : "");
            }
            if (s.partition() > 0) {
                return text + " (partition " + s.partition() + ": " + updated + " of "
                        + Math.max(0, desired - s.partition()) + " pods above it updated)";
            }
            return text + (s.revisionsAgree() ? "" : " (rolling update: " + updated + " updated)");
        }
        if (daemonSet.isPresent()) {
            if (updated < desired) {
                return text + " (" + updated + " of " + desired + " nodes run the new template)";
            }
            return available < desired ? text + " (" + available + " of " + desired + " updated pods available)" : text;
        }
        if (replicas > desired) {
            return text + " (" + (replicas - desired) + " old still running)";
        }
        if (updated < desired) {
            return text + " (" + updated + " updated)";
        }
        return text;
    }
}
