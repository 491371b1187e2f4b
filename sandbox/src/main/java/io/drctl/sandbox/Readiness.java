package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one place that says whether a sandbox pod is ready and whether it is available, as the
 * kubelet and the workload controllers count them. Every controller asks here, so a Pending or
 * Terminating pod is never counted as serving anywhere.
 */
final class Readiness {
    private Readiness() {}

    /** Ready as the kubelet reports it: scheduled, Running, and not being deleted. A Pending pod is never ready. */
    static boolean ready(Pod p) {
        return p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase())
                && p.getMetadata().getDeletionTimestamp() == null;
    }

    /**
     * Available as a ReplicaSet or DaemonSet counts it: ready for at least {@code minReadySeconds}
     * (pkg/api/v1/pod IsPodAvailable). A ready pod without a time on its Ready condition (one a
     * test created directly) counts as ready since ever.
     */
    static boolean available(Pod p, Integer minReadySeconds, Instant now) {
        if (!ready(p)) {
            return false;
        }
        if (minReadySeconds == null || minReadySeconds <= 0) {
            return true;
        }
        Instant since = readySince(p);
        return since == null || !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    private static Instant readySince(Pod p) {
        if (p.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("Ready".equals(c.getType()) && c.getLastTransitionTime() != null) {
                try {
                    return Instant.parse(c.getLastTransitionTime());
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
