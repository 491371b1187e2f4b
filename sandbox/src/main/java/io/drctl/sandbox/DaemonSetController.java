package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
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
 */
final class DaemonSetController {
    /** The label the real controller puts on its pods: which template revision made them. */
    static final String REVISION_LABEL = "controller-revision-hash";

    private final KubernetesClient client;
    private final Kubelets kubelets;

    DaemonSetController(KubernetesClient client, Kubelets kubelets) {
        this.client = client;
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
        int misscheduled = 0;
        Map<String, Pod> byNode = new LinkedHashMap<>();
        pods.stream()
                .filter(p -> WorkloadController.ns(ds).equals(WorkloadController.ns(p))
                        && WorkloadController.ownedBy(p, owner)
                        && p.getMetadata().getDeletionTimestamp() == null
                        && p.getSpec().getNodeName() != null)
                .forEach(p -> byNode.put(p.getSpec().getNodeName(), p));
        for (Node node : nodes) {
            String nodeName = WorkloadController.name(node);
            boolean shouldRun = selector.entrySet().stream()
                    .allMatch(e -> node.getMetadata().getLabels() != null
                            && e.getValue()
                                    .equals(node.getMetadata().getLabels().get(e.getKey())));
            Pod pod = byNode.get(nodeName);
            if (!shouldRun) {
                if (pod != null) {
                    misscheduled++;
                    client.pods()
                            .inNamespace(WorkloadController.ns(pod))
                            .resource(pod)
                            .delete();
                }
                continue;
            }
            desired++;
            boolean stale = pod != null && !revision.equals(labelOf(pod));
            if (pod != null && stale && !onDelete) {
                // RollingUpdate with the default maxUnavailable 1, reduced: the old pod goes and
                // its replacement comes on the next tick, once the old one is gone.
                client.pods()
                        .inNamespace(WorkloadController.ns(pod))
                        .resource(pod)
                        .delete();
                pod = null;
            }
            if (pod == null) {
                if (pods.stream()
                        .noneMatch(p -> WorkloadController.ownedBy(p, owner)
                                && nodeName.equals(p.getSpec().getNodeName()))) {
                    Pod created = WorkloadController.pod(
                            WorkloadController.ns(ds),
                            WorkloadController.name(ds) + "-" + WorkloadController.randomSuffix(),
                            owner,
                            ds.getSpec().getTemplate(),
                            nodeName,
                            false);
                    created.getMetadata().getLabels().put(REVISION_LABEL, revision);
                    if (kubelets.deadKubelet(nodeName)) {
                        created.setStatus(WorkloadController.notStarted());
                    }
                    client.pods()
                            .inNamespace(WorkloadController.ns(ds))
                            .resource(created)
                            .create();
                }
                continue;
            }
            current++;
            if (revision.equals(labelOf(pod))) {
                updated++;
            }
            if (WorkloadController.ready(pod)) {
                ready++;
            }
        }
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        long generation =
                ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
        // A pod is available once ready (minReadySeconds is not simulated).
        int[] now = {desired, current, updated, ready, ready, misscheduled};
        int[] claimed = {
            intOf(status.getDesiredNumberScheduled()),
            intOf(status.getCurrentNumberScheduled()),
            intOf(status.getUpdatedNumberScheduled()),
            intOf(status.getNumberReady()),
            intOf(status.getNumberAvailable()),
            intOf(status.getNumberMisscheduled())
        };
        if (Arrays.equals(now, claimed) && Objects.equals(status.getObservedGeneration(), generation)) {
            return;
        }
        WorkloadController.patchStatus(
                client.apps()
                        .daemonSets()
                        .inNamespace(WorkloadController.ns(ds))
                        .resource(ds),
                "{\"observedGeneration\":" + generation + ",\"desiredNumberScheduled\":" + desired
                        + ",\"currentNumberScheduled\":"
                        + current + ",\"updatedNumberScheduled\":" + updated + ",\"numberReady\":" + ready
                        + ",\"numberAvailable\":"
                        + ready + ",\"numberUnavailable\":" + (desired - ready) + ",\"numberMisscheduled\":"
                        + misscheduled + "}");
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
