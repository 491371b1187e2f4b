package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the ReplicaSet and StatefulSet controllers share: keep exactly {@code desired} pods of an
 * owner's template, after the site's controller delay, and report how many there are, how many
 * are ready and how many available. New pods go where the {@link Scheduler} puts them (or stay
 * Pending); scaling down removes, as the ReplicaSet controller ranks them, unscheduled pods
 * first, then those not ready, then those on cordoned nodes; a StatefulSet removes its highest
 * ordinal first and fills the lowest free one.
 */
final class PodSetController {
    private final StoreWrites store;
    private final TickWrites writes;
    private final Duration delay;
    private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();

    PodSetController(StoreWrites store, TickWrites writes, Duration delay) {
        this.store = store;
        this.writes = writes;
        this.delay = delay;
    }

    interface StatusWriter {
        void write(int replicas, int ready, int available);
    }

    /** What the owner's status claims: replicas, ready, available; or null when stale (an older generation). */
    static int[] claimed(Integer replicas, Integer ready, Integer available, Long observed, Long generation) {
        if ((observed == null ? 0L : observed) != (generation == null ? 0L : generation)) {
            return null;
        }
        return new int[] {intOf(replicas), intOf(ready), intOf(available)};
    }

    /**
     * @param ordinals a StatefulSet: pods are named {@code NAME-0, NAME-1...}
     * @param minReadySeconds how long a pod must be ready to count as available
     */
    void reconcile(
            HasMetadata workload,
            PodTemplateSpec template,
            int desired,
            Integer minReadySeconds,
            List<Node> nodes,
            TickPods pods,
            boolean ordinals,
            StatusWriter status,
            int[] claimed) {
        String key =
                workload.getKind() + "/" + WorkloadController.ns(workload) + "/" + WorkloadController.name(workload);
        Instant now = Instant.now();
        // Terminating pods (on a node whose kubelet is gone) are not counted: replacements are made, as a ReplicaSet
        // does.
        List<Pod> own = pods.liveOwnedBy(workload);
        if (own.size() != desired) {
            Instant since = pendingSince.computeIfAbsent(key, k -> now);
            if (Duration.between(since, now).compareTo(delay) < 0) {
                reportIfChanged(own, minReadySeconds, now, status, claimed);
                return;
            }
            if (own.size() > desired) {
                remove(own, own.size() - desired, nodes, pods, ordinals);
            } else {
                add(workload, template, desired - own.size(), own, nodes, pods, ordinals);
            }
            own = pods.liveOwnedBy(workload);
        }
        pendingSince.remove(key);
        reportIfChanged(own, minReadySeconds, now, status, claimed);
    }

    private void reportIfChanged(
            List<Pod> own, Integer minReadySeconds, Instant now, StatusWriter status, int[] claimed) {
        int replicas = own.size();
        int ready = (int) own.stream().filter(Readiness::ready).count();
        int available = (int) own.stream()
                .filter(p -> Readiness.available(p, minReadySeconds, now))
                .count();
        if (claimed == null || claimed[0] != replicas || claimed[1] != ready || claimed[2] != available) {
            writes.status(() -> status.write(replicas, ready, available));
        }
    }

    private void remove(List<Pod> own, int count, List<Node> nodes, TickPods pods, boolean ordinals) {
        Set<String> cordoned = new HashSet<>();
        nodes.stream()
                .filter(n ->
                        n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .forEach(n -> cordoned.add(WorkloadController.name(n)));
        Comparator<Pod> order = ordinals
                ? Comparator.comparingInt(PodSetController::ordinal).reversed()
                : Comparator.comparing(
                                (Pod p) -> p.getSpec() == null || p.getSpec().getNodeName() != null)
                        .thenComparing(Readiness::ready)
                        .thenComparing(p ->
                                !cordoned.contains(String.valueOf(p.getSpec().getNodeName())))
                        .thenComparing(WorkloadController::name, Comparator.reverseOrder());
        List<Pod> victims = new ArrayList<>(own);
        victims.sort(order);
        String deletedAt = now().toString();
        for (Pod p : victims.subList(0, count)) {
            writes.pod(() -> store.delete(p));
            pods.markDeleted(p, deletedAt); // gone from this tick's counts, as from the informer's
        }
    }

    private void add(
            HasMetadata workload,
            PodTemplateSpec template,
            int count,
            List<Pod> own,
            List<Node> nodes,
            TickPods pods,
            boolean ordinals) {
        OwnerReference owner = WorkloadController.ownerRef(workload);
        List<Pod> named = new ArrayList<>(pods.ownedBy(workload));
        for (int i = 0; i < count; i++) {
            String podName = ordinals
                    ? WorkloadController.name(workload) + "-" + freeOrdinal(named, WorkloadController.name(workload))
                    : WorkloadController.name(workload) + "-" + randomSuffix();
            Pod created = pod(
                    WorkloadController.ns(workload),
                    podName,
                    owner,
                    template,
                    Scheduler.scheduleOn(template.getSpec(), nodes, pods),
                    nodes.isEmpty());
            writes.pod(() -> store.create(created));
            pods.add(created); // counted at once for the next pod's node, as the scheduler's cache does
            named.add(created);
        }
    }

    /** The lowest ordinal no pod of the set has, Terminating ones included (a name is free only once its pod is gone). */
    private static int freeOrdinal(List<Pod> own, String base) {
        Set<String> taken = new HashSet<>();
        own.forEach(p -> taken.add(WorkloadController.name(p)));
        for (int i = 0; ; i++) {
            if (!taken.contains(base + "-" + i)) {
                return i;
            }
        }
    }

    private static int ordinal(Pod p) {
        String name = WorkloadController.name(p);
        try {
            return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A new pod of {@code template}: Running and ready on {@code node}, or Pending without one.
     *
     * @param nodeless the site has no Node objects at all: the scheduler is off and the pod runs
     *                 without a node (tests that do not care about nodes); with nodes, a pod
     *                 that no node fits stays Pending
     */
    static Pod pod(
            String namespace,
            String name,
            OwnerReference owner,
            PodTemplateSpec template,
            String node,
            boolean nodeless) {
        boolean running = node != null || nodeless;
        PodSpec spec = template.getSpec() == null ? new PodSpec() : new PodSpecBuilder(template.getSpec()).build();
        spec.setNodeName(node);
        Map<String, String> labels = new HashMap<>(
                template.getMetadata() == null || template.getMetadata().getLabels() == null
                        ? Map.of()
                        : template.getMetadata().getLabels());
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(spec)
                .withNewStatus()
                .withPhase(running ? "Running" : "Pending")
                .addNewCondition()
                .withType("Ready")
                .withStatus(running ? "True" : "False")
                .withLastTransitionTime(now().toString())
                .endCondition()
                .endStatus()
                .build();
    }

    /** The status of a pod bound to a node whose kubelet is gone: it never starts. */
    static PodStatus notStarted() {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .addNewCondition()
                .withType("Ready")
                .withStatus("False")
                .endCondition()
                .build();
    }

    /** Now, at the API's timestamp precision (RFC 3339, whole seconds). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static int intOf(Integer v) {
        return v == null ? 0 : v;
    }
}
