package io.drctl.adapters.kubernetes.select;

import java.util.Optional;

/**
 * How far a Deployment or StatefulSet is rolled out, from its status: done when the controller
 * has seen the latest spec and every replica is updated, ready and available, and no old one is
 * left (what {@code kubectl rollout status} waits for).
 */
public record Rollout(int desired, long generation, long observedGeneration, int replicas, int updated, int ready,
                      int available, Optional<String> progressDeadlineExceeded) {

    public Rollout(int desired, long generation, long observedGeneration, int replicas, int updated, int ready, int available) {
        this(desired, generation, observedGeneration, replicas, updated, ready, available, Optional.empty());
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
        return observedGeneration >= generation && updated == desired && ready == desired && available == desired
                && replicas == desired;
    }

    /** {@code 3/6 ready}, with what is still missing when it helps. */
    public String describe() {
        String text = ready + "/" + desired + " ready";
        if (observedGeneration < generation) {
            return text + " (controller has not seen the change yet)";
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
