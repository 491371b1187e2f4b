package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Deployment's status as the real controller computes it (calculateStatus, syncRolloutStatus):
 * counts over the pods of all its ReplicaSets ({@code updatedReplicas}: those of the current
 * template), the Available condition (at least replicas − maxUnavailable available), and the
 * Progressing condition: NewReplicaSetCreated when a rollout starts, ReplicaSetUpdated each time
 * it makes progress (more updated, ready or available pods, fewer old ones),
 * NewReplicaSetAvailable when it is complete, and {@code ProgressDeadlineExceeded} once no
 * progress was made for {@code progressDeadlineSeconds} (default 600). As on a real cluster, a
 * complete Deployment that is only scaled up keeps NewReplicaSetAvailable even while its new pods
 * stay Pending: a wait on it runs to its own timeout. Written only when something changed.
 */
final class DeploymentStatusWriter {
    private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    private final StoreWrites store;
    private final TickWrites writes;
    private final DeploymentController deployments;

    DeploymentStatusWriter(StoreWrites store, TickWrites writes, DeploymentController deployments) {
        this.store = store;
        this.writes = writes;
        this.deployments = deployments;
    }

    /** @param started the new ReplicaSet was created this tick */
    void write(Deployment d, List<ReplicaSet> owned, TickPods pods, boolean started) {
        ReplicaSet newRs = deployments.newReplicaSet(d, owned);
        int desired = DeploymentController.desired(d);
        Instant now = Instant.now();
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int total = 0;
        for (ReplicaSet rs : owned) {
            var live = pods.liveOwnedBy(rs);
            replicas += live.size();
            ready += (int) live.stream().filter(Readiness::ready).count();
            available += (int) live.stream()
                    .filter(p -> Readiness.available(p, d.getSpec().getMinReadySeconds(), now))
                    .count();
            total += DeploymentController.replicas(rs);
        }
        int updated = newRs == null ? 0 : pods.liveOwnedBy(newRs).size();
        long generation =
                d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();

        String rsName = newRs == null ? WorkloadController.name(d) : WorkloadController.name(newRs);
        Condition availableCondition = available >= desired - DeploymentController.maxUnavailable(d)
                ? new Condition("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : new Condition(
                        "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
        DeploymentCondition progressingNow = find(old, "Progressing");
        Condition progressing =
                progressing(d, old, progressingNow, started, rsName, desired, replicas, updated, ready, available, now);

        int unavailable = Math.max(0, total - available);
        boolean countsSame = Objects.equals(old.getObservedGeneration(), generation)
                && intOf(old.getReplicas()) == replicas
                && intOf(old.getUpdatedReplicas()) == updated
                && intOf(old.getReadyReplicas()) == ready
                && intOf(old.getAvailableReplicas()) == available
                && intOf(old.getUnavailableReplicas()) == unavailable;
        boolean conditionsSame = availableCondition.sameAs(find(old, "Available"))
                && (progressing == null || progressing.sameAs(progressingNow) && !progressing.touch);
        if (countsSame && conditionsSame) {
            return;
        }
        String stamp = PodSetController.now().toString();
        List<Object> conditions = new ArrayList<>();
        conditions.add(availableCondition.json("Available", find(old, "Available"), stamp));
        if (progressing != null) {
            conditions.add(progressing.json("Progressing", progressingNow, stamp));
        } else if (progressingNow != null) {
            conditions.add(progressingNow);
        }
        String status = "{\"observedGeneration\":" + generation + ",\"replicas\":" + replicas
                + ",\"updatedReplicas\":" + updated + ",\"readyReplicas\":" + ready
                + ",\"availableReplicas\":" + available + ",\"unavailableReplicas\":" + unavailable
                + ",\"conditions\":" + Serialization.asJson(conditions) + "}";
        // A JSON patch replacing the whole status: the mock server's merge patch appends to arrays
        // (conditions would pile up) where a real API server replaces them.
        writes.status(
                () -> store.jsonPatchStatus(d, "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + status + "}]"));
    }

    /** The Progressing condition syncRolloutStatus would set now, or null to leave it as it is. */
    private static Condition progressing(
            Deployment d,
            DeploymentStatus old,
            DeploymentCondition current,
            boolean started,
            String rsName,
            int desired,
            int replicas,
            int updated,
            int ready,
            int available,
            Instant now) {
        if (started) {
            return new Condition("True", "NewReplicaSetCreated", "Created new replica set \"" + rsName + "\"")
                    .touched();
        }
        boolean completeBefore =
                current != null && "NewReplicaSetAvailable".equals(current.getReason()) && replicas == updated;
        if (completeBefore) {
            return null;
        }
        if (updated == desired && replicas == desired && available == desired) {
            return new Condition(
                    "True", "NewReplicaSetAvailable", "ReplicaSet \"" + rsName + "\" has successfully progressed.");
        }
        int oldBefore = intOf(old.getReplicas()) - intOf(old.getUpdatedReplicas());
        boolean progressed = updated > intOf(old.getUpdatedReplicas())
                || replicas - updated < oldBefore
                || ready > intOf(old.getReadyReplicas())
                || available > intOf(old.getAvailableReplicas());
        if (progressed) {
            return new Condition("True", "ReplicaSetUpdated", "ReplicaSet \"" + rsName + "\" is progressing.")
                    .touched();
        }
        if (current == null) {
            return null;
        }
        if ("ProgressDeadlineExceeded".equals(current.getReason())) {
            return null;
        }
        int deadline = d.getSpec().getProgressDeadlineSeconds() == null
                ? DEFAULT_PROGRESS_DEADLINE_SECONDS
                : d.getSpec().getProgressDeadlineSeconds();
        Instant from = parse(current.getLastUpdateTime());
        if (from != null && from.plusSeconds(deadline).isBefore(now)) {
            return new Condition(
                    "False", "ProgressDeadlineExceeded", "ReplicaSet \"" + rsName + "\" has timed out progressing.");
        }
        return null;
    }

    private static DeploymentCondition find(DeploymentStatus s, String type) {
        return s.getConditions() == null
                ? null
                : s.getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int intOf(Integer v) {
        return v == null ? 0 : v;
    }

    /** A condition to set; {@code touch}: its lastUpdateTime moves to now even when nothing else changes. */
    private record Condition(String status, String reason, String message, boolean touch) {
        Condition(String status, String reason, String message) {
            this(status, reason, message, false);
        }

        Condition touched() {
            return new Condition(status, reason, message, true);
        }

        boolean sameAs(DeploymentCondition c) {
            return c != null
                    && status.equals(c.getStatus())
                    && reason.equals(c.getReason())
                    && message.equals(c.getMessage());
        }

        /** lastTransitionTime moves only when the status does, lastUpdateTime whenever the condition is set. */
        Map<String, Object> json(String type, DeploymentCondition before, String stamp) {
            boolean same = sameAs(before);
            String transition =
                    before != null && status.equals(before.getStatus()) && before.getLastTransitionTime() != null
                            ? before.getLastTransitionTime()
                            : stamp;
            String update = same && !touch && before.getLastUpdateTime() != null ? before.getLastUpdateTime() : stamp;
            return Map.of(
                    "type", type,
                    "status", status,
                    "reason", reason,
                    "message", message,
                    "lastTransitionTime", transition,
                    "lastUpdateTime", update);
        }
    }
}
