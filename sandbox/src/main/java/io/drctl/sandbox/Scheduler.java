package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What kube-scheduler decides, reduced: the node with the fewest pods among those that are not
 * cordoned, carry every label of the pod's nodeSelector (zone, role...) and have room left
 * ({@code status.allocatable.pods}, when given). No node fits: the pod stays Pending, and is
 * bound as soon as one does (uncordoned, added, or room freed).
 */
final class Scheduler {
    private final StoreWrites store;
    private final TickWrites writes;

    Scheduler(StoreWrites store, TickWrites writes) {
        this.store = store;
        this.writes = writes;
    }

    /** The node a new pod goes to, or null when none fits. */
    static String scheduleOn(PodSpec pod, List<Node> nodes, TickPods pods) {
        Map<String, String> selector = pod == null || pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector();
        return nodes.stream()
                .filter(n -> !Boolean.TRUE.equals(
                        n.getSpec() == null ? null : n.getSpec().getUnschedulable()))
                .filter(n -> selector.entrySet().stream()
                        .allMatch(e -> n.getMetadata().getLabels() != null
                                && e.getValue()
                                        .equals(n.getMetadata().getLabels().get(e.getKey()))))
                .filter(n -> pods.podsOn(WorkloadController.name(n)) < podCapacity(n))
                .min(Comparator.comparingLong((Node n) -> pods.podsOn(WorkloadController.name(n)))
                        .thenComparing(WorkloadController::name))
                .map(WorkloadController::name)
                .orElse(null);
    }

    private static long podCapacity(Node n) {
        if (n.getStatus() == null
                || n.getStatus().getAllocatable() == null
                || n.getStatus().getAllocatable().get("pods") == null) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(n.getStatus().getAllocatable().get("pods").getAmount());
    }

    /** Binds the Pending pods a node now fits; they start at once (the sandbox pulls no images). */
    void schedulePending(List<Node> nodes, TickPods pods) {
        for (Pod p : pods.all()) {
            if (p.getSpec() == null
                    || p.getSpec().getNodeName() != null
                    || p.getMetadata().getDeletionTimestamp() != null
                    || p.getStatus() == null
                    || !"Pending".equals(p.getStatus().getPhase())) {
                continue;
            }
            String node = scheduleOn(p.getSpec(), nodes, pods);
            if (node == null) {
                continue;
            }
            pods.bind(p, node); // counted at once for the next pending pod's choice
            // A JSON patch, so the Ready condition is replaced: the mock server's merge patch appends to arrays.
            String patch = "[{\"op\":\"add\",\"path\":\"/spec/nodeName\",\"value\":\"" + node + "\"},"
                    + "{\"op\":\"add\",\"path\":\"/status/phase\",\"value\":\"Running\"},"
                    + "{\"op\":\"add\",\"path\":\"/status/conditions\",\"value\":[{\"type\":\"Ready\",\"status\":\"True\","
                    + "\"lastTransitionTime\":\"" + PodSetController.now() + "\"}]}]";
            writes.pod(() -> store.jsonPatch(p, patch));
        }
    }
}
