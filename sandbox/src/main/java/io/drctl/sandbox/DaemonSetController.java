package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What kube-controller-manager's DaemonSet controller does, reduced to what drctl observes: one
 * pod per node whose labels carry the template's nodeSelector (cordoned nodes included: DaemonSet
 * pods tolerate {@code unschedulable}, as the real controller adds that toleration), pods of an
 * older template replaced when the strategy is RollingUpdate and left alone with OnDelete, and a
 * status counted from the pods as pkg/controller/daemon does. A pod on a node whose kubelet is
 * gone never starts, so it is scheduled but never ready or available.
 *
 * <p>RollingUpdate honours {@code maxUnavailable} (default 1; a percentage of the nodes that should
 * run a pod, rounded up) as the real controller's rollingUpdate does: an old pod that is not
 * available may go at any time, an available one only while fewer than maxUnavailable of the
 * DaemonSet's nodes lack an available pod. So a pod that never becomes ready (a dead kubelet)
 * holds the budget and the rollout stalls there, as it does on a real cluster. With
 * {@code maxSurge} (a count or a percentage, rounded up) the new pod starts beside the old one on
 * at most that many nodes at a time (beside an old pod that is not available, at once), and the
 * old pod goes once the new one is available. A node is counted by its oldest pod, as
 * pkg/controller/daemon counts it, so a surging node is not "updated" until its old pod is gone.
 * A pod is available once ready for {@code minReadySeconds}; a replacement waits until the pod it
 * replaces is no longer Terminating.
 */
final class DaemonSetController {
    /** The label the real controller puts on its pods: which template revision made them. */
    static final String REVISION_LABEL = "controller-revision-hash";

    private final StoreWrites store;
    private final Kubelets kubelets;

    DaemonSetController(StoreWrites store, Kubelets kubelets) {
        this.store = store;
        this.kubelets = kubelets;
    }

    void reconcile(DaemonSet ds, List<Node> nodes, List<Pod> pods) {
        OwnerReference owner = WorkloadController.ownerRef(ds);
        String revision = TemplateHash.of(ds.getSpec().getTemplate());
        boolean onDelete = ds.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
        Map<String, String> selector = ds.getSpec().getTemplate().getSpec() == null
                        || ds.getSpec().getTemplate().getSpec().getNodeSelector() == null
                ? Map.of()
                : ds.getSpec().getTemplate().getSpec().getNodeSelector();
        int desired = 0;
        int current = 0;
        int updated = 0;
        int ready = 0;
        int available = 0;
        Instant now = Instant.now();
        Integer minReadySeconds = ds.getSpec().getMinReadySeconds();
        int misscheduled = 0;
        Map<String, List<Pod>> byNode = new LinkedHashMap<>();
        pods.stream()
                .filter(p -> WorkloadController.ns(ds).equals(WorkloadController.ns(p))
                        && WorkloadController.ownedBy(p, owner)
                        && p.getMetadata().getDeletionTimestamp() == null
                        && p.getSpec().getNodeName() != null)
                .forEach(p -> byNode.computeIfAbsent(p.getSpec().getNodeName(), k -> new ArrayList<>())
                        .add(p));
        int desiredNodes = desiredNodes(nodes, selector);
        int maxSurge = onDelete ? 0 : maxSurge(ds, desiredNodes);
        int maxUnavailable = maxUnavailable(ds, desiredNodes);
        int unavailable = (int) nodes.stream()
                .filter(n -> fits(n, selector))
                .filter(n -> byNode.getOrDefault(WorkloadController.name(n), List.of()).stream()
                        .noneMatch(p -> Readiness.available(p, minReadySeconds, now)))
                .count();
        // With maxSurge, nodes where a new pod runs beside an old one that it has not yet replaced.
        int surging = 0;
        for (Node node : nodes) {
            List<Pod> here = byNode.getOrDefault(WorkloadController.name(node), List.of());
            Pod newPod = here.stream()
                    .filter(p -> revision.equals(labelOf(p)))
                    .findFirst()
                    .orElse(null);
            if (newPod != null && here.size() > 1 && !Readiness.available(newPod, minReadySeconds, now)) {
                surging++;
            }
        }
        for (Node node : nodes) {
            String nodeName = WorkloadController.name(node);
            boolean shouldRun = fits(node, selector);
            List<Pod> here = new ArrayList<>(byNode.getOrDefault(nodeName, List.of()));
            if (!shouldRun) {
                if (!here.isEmpty()) {
                    misscheduled++;
                    here.forEach(this::delete);
                }
                continue;
            }
            desired++;
            Pod newPod = here.stream()
                    .filter(p -> revision.equals(labelOf(p)))
                    .findFirst()
                    .orElse(null);
            List<Pod> old = here.stream().filter(p -> p != newPod).toList();
            if (here.isEmpty()) {
                create(ds, owner, revision, nodeName, pods);
                continue;
            }
            if (!onDelete && newPod == null && maxSurge > 0) {
                // Surge: the new pod starts beside the old one; the old goes once the new is available.
                boolean oldAvailable = old.stream().anyMatch(p -> Readiness.available(p, minReadySeconds, now));
                if (!oldAvailable || surging < maxSurge) {
                    if (oldAvailable) {
                        surging++;
                    }
                    create(ds, owner, revision, nodeName, pods);
                }
            } else if (!onDelete && newPod != null && !old.isEmpty()) {
                if (Readiness.available(newPod, minReadySeconds, now)) {
                    old.forEach(this::delete);
                    here.removeAll(old);
                }
            } else if (!onDelete && newPod == null) {
                Pod pod = old.getFirst();
                boolean podAvailable = Readiness.available(pod, minReadySeconds, now);
                if (!podAvailable || unavailable < maxUnavailable) {
                    // The old pod goes; its replacement comes on a later tick, once the old one is gone.
                    if (podAvailable) {
                        unavailable++;
                    }
                    delete(pod);
                    continue;
                }
            }
            current++;
            // As pkg/controller/daemon counts a node: by its oldest pod.
            Pod oldest = here.stream()
                    .min(Comparator.comparing(
                                    (Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                            .thenComparing(p -> revision.equals(labelOf(p))))
                    .orElseThrow();
            if (revision.equals(labelOf(oldest))) {
                updated++;
            }
            if (Readiness.ready(oldest)) {
                ready++;
            }
            if (Readiness.available(oldest, minReadySeconds, now)) {
                available++;
            }
        }
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        long generation =
                ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
        int[] counted = {desired, current, updated, ready, available, misscheduled};
        int[] claimed = {
            intOf(status.getDesiredNumberScheduled()),
            intOf(status.getCurrentNumberScheduled()),
            intOf(status.getUpdatedNumberScheduled()),
            intOf(status.getNumberReady()),
            intOf(status.getNumberAvailable()),
            intOf(status.getNumberMisscheduled())
        };
        if (Arrays.equals(counted, claimed) && Objects.equals(status.getObservedGeneration(), generation)) {
            return;
        }
        store.mergePatchStatus(
                ds,
                "{\"observedGeneration\":" + generation + ",\"desiredNumberScheduled\":" + desired
                        + ",\"currentNumberScheduled\":"
                        + current + ",\"updatedNumberScheduled\":" + updated + ",\"numberReady\":" + ready
                        + ",\"numberAvailable\":"
                        + available + ",\"numberUnavailable\":" + (desired - available) + ",\"numberMisscheduled\":"
                        + misscheduled + "}");
    }

    private void delete(Pod pod) {
        store.delete(pod);
    }

    /** A pod of the current template on the node. */
    private void create(DaemonSet ds, OwnerReference owner, String revision, String nodeName, List<Pod> pods) {
        // A pod still Terminating there holds the node: its replacement waits until it is gone.
        boolean terminatingHere = pods.stream()
                .anyMatch(p -> WorkloadController.ownedBy(p, owner)
                        && nodeName.equals(p.getSpec().getNodeName())
                        && p.getMetadata().getDeletionTimestamp() != null);
        if (terminatingHere) {
            return;
        }
        Pod created = PodSetController.pod(
                WorkloadController.ns(ds),
                WorkloadController.name(ds) + "-" + PodSetController.randomSuffix(),
                owner,
                ds.getSpec().getTemplate(),
                nodeName,
                false);
        created.getMetadata().getLabels().put(REVISION_LABEL, revision);
        if (kubelets.deadKubelet(nodeName)) {
            created.setStatus(PodSetController.notStarted());
        }
        store.create(created);
    }

    private static boolean fits(Node node, Map<String, String> selector) {
        return selector.entrySet().stream()
                .allMatch(e -> node.getMetadata().getLabels() != null
                        && e.getValue().equals(node.getMetadata().getLabels().get(e.getKey())));
    }

    private static int desiredNodes(List<Node> nodes, Map<String, String> selector) {
        return (int) nodes.stream().filter(n -> fits(n, selector)).count();
    }

    /** spec.updateStrategy.rollingUpdate.maxSurge: a count, or a percentage of {@code desired} rounded up; default 0. */
    static int maxSurge(DaemonSet ds, int desired) {
        DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
        IntOrString value = strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxSurge();
        return IntOrPercent.resolve(value, "0", desired, true);
    }

    /**
     * spec.updateStrategy.rollingUpdate.maxUnavailable: a count, or a percentage of {@code desired}
     * rounded up; default 1. Zero (valid only with maxSurge, which then does the rolling) counts
     * as 1 where it is used.
     */
    static int maxUnavailable(DaemonSet ds, int desired) {
        return Math.max(1, declaredMaxUnavailable(ds, desired));
    }

    private static int declaredMaxUnavailable(DaemonSet ds, int desired) {
        DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
        IntOrString value = strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxUnavailable();
        return IntOrPercent.resolve(value, "1", desired, true);
    }

    private static String labelOf(Pod p) {
        return p.getMetadata().getLabels() == null
                ? null
                : p.getMetadata().getLabels().get(REVISION_LABEL);
    }

    private static int intOf(Integer v) {
        return v == null ? 0 : v;
    }
}
