package io.drctl.adapters.kubernetes.drain;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code kubectl drain} does with a pod on a node being drained: evict it, leave it (mirror
 * pods, DaemonSet pods, pods already finished), or refuse to drain until told
 * ({@code force} for pods no controller would recreate, {@code deleteEmptyDirData} for pods
 * whose emptyDir data would be lost).
 */
public record PodVerdict(Pod pod, Kind kind, String reason) {

    /** TERMINATING: already being deleted; not evicted again, but waited for. */
    public enum Kind {
        EVICT,
        SKIP,
        REFUSE,
        TERMINATING
    }

    /** Whether the DaemonSet {@code name} exists in {@code namespace} (kubectl skips only the pods of a live DaemonSet). */
    @FunctionalInterface
    public interface DaemonSets {
        boolean exists(String namespace, String name);
    }

    public static PodVerdict of(Pod pod, boolean force, boolean deleteEmptyDirData, DaemonSets daemonSets) {
        return of(pod, force, deleteEmptyDirData, daemonSets, Optional.empty(), Instant.now());
    }

    /**
     * {@code skipWaitForDelete}: pods whose deletion has been pending longer than this are left
     * behind (a dead kubelet never confirms the deletion); {@code now} is when the pods were listed.
     */
    public static PodVerdict of(
            Pod pod,
            boolean force,
            boolean deleteEmptyDirData,
            DaemonSets daemonSets,
            Optional<Duration> skipWaitForDelete,
            Instant now) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        if (annotations.containsKey("kubernetes.io/config.mirror")) {
            return new PodVerdict(pod, Kind.SKIP, "mirror pod (the kubelet owns it)");
        }
        String deletion = pod.getMetadata().getDeletionTimestamp();
        if (deletion != null && !deletion.isBlank()) {
            // The API server sets deletionTimestamp to the request's time plus the grace period, and
            // kubectl drain measures skipWaitForDeleteTimeout from it: time past the grace period.
            Duration pending = Duration.between(parseTime(deletion), now);
            if (skipWaitForDelete.isPresent() && pending.compareTo(skipWaitForDelete.get()) > 0) {
                return new PodVerdict(
                        pod,
                        Kind.SKIP,
                        "terminating " + pending.toSeconds() + "s past its grace period, longer than "
                                + "skipWaitForDeleteTimeout (its node's kubelet does not confirm the deletion); not waited for");
            }
            return new PodVerdict(
                    pod,
                    Kind.TERMINATING,
                    pending.isNegative()
                            ? "already terminating (its grace period ends in "
                                    + Math.max(1, pending.negated().toSeconds()) + "s)"
                            : "already terminating (its grace period ended " + pending.toSeconds() + "s ago)");
        }
        Optional<OwnerReference> controller = controller(pod);
        if (controller.isPresent() && controller.get().getKind().equals("DaemonSet")) {
            String ds = controller.get().getName();
            if (daemonSets.exists(pod.getMetadata().getNamespace(), ds)) {
                return new PodVerdict(pod, Kind.SKIP, "managed by DaemonSet " + ds);
            }
            // an orphan: nothing recreates it, and nothing keeps it here either (kubectl: needs --force)
            return force
                    ? new PodVerdict(pod, Kind.EVICT, "orphaned DaemonSet pod (DaemonSet " + ds + " is gone), forced")
                    : new PodVerdict(
                            pod,
                            Kind.REFUSE,
                            "belongs to DaemonSet " + ds + ", which no longer exists: nothing would "
                                    + "recreate it (force: true deletes it)");
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return new PodVerdict(pod, Kind.EVICT, "finished");
        }
        if (controller.isEmpty() && !force) {
            return new PodVerdict(
                    pod,
                    Kind.REFUSE,
                    "not managed by a controller: it would be gone for good (force: true deletes it)");
        }
        boolean emptyDir = pod.getSpec() != null
                && pod.getSpec().getVolumes() != null
                && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null);
        if (emptyDir && !deleteEmptyDirData) {
            return new PodVerdict(
                    pod,
                    Kind.REFUSE,
                    "has emptyDir data that eviction deletes (deleteEmptyDirData: true accepts that)");
        }
        return new PodVerdict(
                pod,
                Kind.EVICT,
                controller
                        .map(c -> "managed by " + c.getKind() + " " + c.getName())
                        .orElse("forced"));
    }

    /** The owner reference marked {@code controller: true}, as kubectl (metav1.GetControllerOf) reads it; no other owner counts. */
    public static Optional<OwnerReference> controller(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
    }

    private static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    public String display() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
