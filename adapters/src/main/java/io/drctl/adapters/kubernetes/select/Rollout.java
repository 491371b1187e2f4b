package io.drctl.adapters.kubernetes.select;

import java.util.Optional;

/**
 * How far a Deployment or StatefulSet is rolled out, from its status, judged as
 * {@code kubectl rollout status} judges it. A Deployment: the controller has seen the latest
 * spec and every replica is updated, ready and available, and no old one is left. A StatefulSet
 * ({@code statefulSet} present): the controller has seen the spec and every pod is ready, and
 * then — with {@code OnDelete}, nothing more (its pods take the new spec only when deleted; kubectl
 * refuses to wait at all); with a partition, the pods above it are updated; else its current and
 * update revisions agree. Never stricter than kubectl where kubectl accepts.
 */
public record Rollout(int desired, long generation, long observedGeneration, int replicas, int updated, int ready,
                      int available, Optional<String> progressDeadlineExceeded, Optional<StatefulSetUpdate> statefulSet) {

    /** A StatefulSet's update strategy and where its revisions stand. */
    public record StatefulSetUpdate(boolean onDelete, int partition, boolean revisionsAgree) {
    }

    public Rollout(int desired, long generation, long observedGeneration, int replicas, int updated, int ready, int available,
                   Optional<String> progressDeadlineExceeded) {
        this(desired, generation, observedGeneration, replicas, updated, ready, available, progressDeadlineExceeded, Optional.empty());
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
        if (observedGeneration < generation) {
            return false;
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
        if (observedGeneration < generation) {
            return text + " (controller has not seen the change yet)";
        }
        if (statefulSet.isPresent()) {
            StatefulSetUpdate s = statefulSet.get();
            if (s.onDelete()) {
                return text + (updated < desired ? " (OnDelete: " + (desired - updated) + " pods keep the old spec until deleted)" : "");
            }
            if (s.partition() > 0) {
                return text + " (partition " + s.partition() + ": " + updated + " of " + Math.max(0, desired - s.partition())
                        + " pods above it updated)";
            }
            return text + (s.revisionsAgree() ? "" : " (rolling update: " + updated + " updated)");
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
