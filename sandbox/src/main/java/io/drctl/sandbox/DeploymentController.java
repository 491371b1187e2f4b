package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What kube-controller-manager's Deployment controller (pkg/controller/deployment) does, reduced
 * to what drctl observes. Each pod template gets its own ReplicaSet, named
 * {@code DEPLOYMENT-HASH} and labelled {@code pod-template-hash: HASH}; a template seen before
 * (a rollback) takes its old ReplicaSet back. RollingUpdate moves pods from the old ReplicaSets to
 * the new one within {@code maxSurge} (default 25%, rounded up) pods above the desired count and
 * {@code maxUnavailable} (default 25%, rounded down; 1 when both are 0) below it, counting only
 * available pods; Recreate scales the old ReplicaSets to zero and starts the new one only once no
 * old pod is left, Terminating ones included (so on a node whose kubelet is gone it waits for
 * good, as a real cluster does). Scaling a Deployment that is not rolling out resizes its
 * current ReplicaSet at once. The status ({@link DeploymentStatusWriter}) carries the Available
 * and Progressing conditions, with {@code ProgressDeadlineExceeded} once no progress was made for
 * {@code progressDeadlineSeconds}.
 *
 * <p>Not simulated: {@code spec.paused}, proportional scaling of several ReplicaSets during a
 * rollout (the new one grows within maxSurge, the old ones shrink by availability),
 * {@code revisionHistoryLimit} (old ReplicaSets at zero are kept), hash collisions.
 */
final class DeploymentController {
    /** The label the real controller puts on a ReplicaSet and its pods: which template made them. */
    static final String HASH_LABEL = "pod-template-hash";

    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

    private final KubernetesClient client;
    private final TickWrites writes;
    private final StoreReads reads;
    private final StoreWrites store;
    private final Map<String, String[]> hashes = new ConcurrentHashMap<>();

    DeploymentController(KubernetesClient client, StoreWrites store, TickWrites writes, StoreReads reads) {
        this.store = store;
        this.reads = reads;
        this.client = client;
        this.writes = writes;
    }

    /**
     * The template hash of a Deployment's current template: names its new ReplicaSet. Kept per
     * Deployment and generation (the template changes only with the generation): hashing 5,000
     * templates twice a tick was a good part of the controller's time.
     */
    String hash(Deployment d) {
        String uid = d.getMetadata().getUid() == null
                ? WorkloadController.ns(d) + "/" + WorkloadController.name(d)
                : d.getMetadata().getUid();
        String generation = String.valueOf(d.getMetadata().getGeneration());
        String[] known = hashes.get(uid);
        if (known != null && known[0].equals(generation)) {
            return known[1];
        }
        String hash = TemplateHash.of(d.getSpec().getTemplate());
        hashes.put(uid, new String[] {generation, hash});
        return hash;
    }

    /** The ReplicaSet of the Deployment's current template among those it owns, or null. */
    ReplicaSet newReplicaSet(Deployment d, List<ReplicaSet> owned) {
        String hash = hash(d);
        return owned.stream()
                .filter(rs -> hash.equals(labels(rs).get(HASH_LABEL)))
                .findFirst()
                .orElse(null);
    }

    /**
     * Decides how many pods each of the Deployment's ReplicaSets should run, creating the new one
     * when the template is new. {@code owned} is updated in place (a created ReplicaSet is added,
     * replica counts are the decided ones), for the ReplicaSet pass of the same tick.
     *
     * @return whether a ReplicaSet was created: the rollout of a new template begins
     */
    boolean rollOut(Deployment d, List<ReplicaSet> owned, TickPods pods) {
        int desired = desired(d);
        ReplicaSet newRs = newReplicaSet(d, owned);
        List<ReplicaSet> old = owned.stream()
                .filter(rs -> rs != newRs)
                .sorted(Comparator.comparingLong(DeploymentController::revision))
                .toList();
        boolean recreate = recreate(d);
        if (newRs == null) {
            int initial;
            if (recreate) {
                initial = 0;
            } else {
                // NewRSNewReplicas: as many as maxSurge leaves room for beside the old pods.
                int current =
                        old.stream().mapToInt(DeploymentController::replicas).sum();
                initial = Math.min(desired, Math.max(0, desired + maxSurge(d) - current));
            }
            long revision = owned.stream()
                            .mapToLong(DeploymentController::revision)
                            .max()
                            .orElse(0)
                    + 1;
            owned.add(create(d, initial, revision));
            if (recreate) {
                scaleDownAll(old);
            }
            return true;
        }
        if (recreate) {
            recreate(d, newRs, old, pods);
        } else {
            rollingUpdate(d, newRs, old, pods);
        }
        return false;
    }

    private void recreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, TickPods pods) {
        if (old.stream().anyMatch(rs -> replicas(rs) > 0)) {
            scaleDownAll(old);
            return;
        }
        boolean oldPodsLeft =
                old.stream().anyMatch(rs -> pods.ownedBy(rs).stream().anyMatch(DeploymentController::running));
        if (!oldPodsLeft && replicas(newRs) != desired(d)) {
            scale(newRs, desired(d));
        }
    }

    /** rolloutRolling: the new ReplicaSet up within maxSurge, then the old ones down within maxUnavailable. */
    private void rollingUpdate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, TickPods pods) {
        int desired = desired(d);
        int surge = maxSurge(d);
        int unavailable = maxUnavailable(d);
        int newReplicas = replicas(newRs);
        if (newReplicas > desired) {
            scale(newRs, desired);
        } else if (newReplicas < desired) {
            int maxTotal = desired + surge;
            int current = total(newRs, old);
            if (current < maxTotal) {
                scale(newRs, newReplicas + Math.min(maxTotal - current, desired - newReplicas));
            }
        }
        if (old.stream().mapToInt(DeploymentController::replicas).sum() == 0) {
            return;
        }
        int minAvailable = desired - unavailable;
        int newUnavailable = replicas(newRs) - available(d, newRs, pods);
        int maxScaledDown = total(newRs, old) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return;
        }
        // Old pods that are not available go first: removing them costs no availability.
        int cleaned = 0;
        for (ReplicaSet rs : old) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int count = replicas(rs);
            int down = Math.min(maxScaledDown - cleaned, count - Math.min(count, available(d, rs, pods)));
            if (down > 0) {
                scale(rs, count - down);
                cleaned += down;
            }
        }
        // Then available ones, as far as minAvailable allows (counting what is available now).
        int availableNow = available(d, newRs, pods)
                + old.stream()
                        .mapToInt(rs -> Math.min(replicas(rs), available(d, rs, pods)))
                        .sum();
        int budget = availableNow - minAvailable;
        for (ReplicaSet rs : old) {
            if (budget <= 0) {
                break;
            }
            int count = replicas(rs);
            int down = Math.min(count, budget);
            if (down > 0) {
                scale(rs, count - down);
                budget -= down;
            }
        }
    }

    private void scaleDownAll(List<ReplicaSet> old) {
        old.stream().filter(rs -> replicas(rs) > 0).forEach(rs -> scale(rs, 0));
    }

    private static int total(ReplicaSet newRs, List<ReplicaSet> old) {
        return replicas(newRs)
                + old.stream().mapToInt(DeploymentController::replicas).sum();
    }

    /** A pod the Recreate strategy still waits for: not finished, Terminating included (kubectl's oldPodsRunning). */
    private static boolean running(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static int available(Deployment d, ReplicaSet rs, TickPods pods) {
        Instant now = Instant.now();
        return (int) pods.liveOwnedBy(rs).stream()
                .filter(p -> Readiness.available(p, d.getSpec().getMinReadySeconds(), now))
                .count();
    }

    private void scale(ReplicaSet rs, int replicas) {
        reads.changed(rs);
        rs.getSpec().setReplicas(replicas); // this tick's ReplicaSet pass works with the decided count
        writes.workload(() -> store.mergePatch(rs, "{\"spec\":{\"replicas\":" + replicas + "}}"));
    }

    /** Created at once (not at the end of the tick): its pods need its uid for their owner reference. */
    private ReplicaSet create(Deployment d, int replicas, long revision) {
        return client.apps()
                .replicaSets()
                .inNamespace(WorkloadController.ns(d))
                .resource(manifest(d, replicas, revision))
                .create();
    }

    private ReplicaSet manifest(Deployment d, int replicas, long revision) {
        String hash = hash(d);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
        Map<String, String> podLabels = new HashMap<>(labels(
                template.getMetadata() == null ? null : template.getMetadata().getLabels()));
        podLabels.put(HASH_LABEL, hash);
        template.setMetadata(new ObjectMetaBuilder(template.getMetadata())
                .withLabels(podLabels)
                .build());
        LabelSelector declared = d.getSpec().getSelector() == null
                ? new LabelSelector()
                : d.getSpec().getSelector();
        LabelSelector selector = new LabelSelectorBuilder(declared)
                .addToMatchLabels(HASH_LABEL, hash)
                .build();
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(WorkloadController.name(d) + "-" + hash)
                .withNamespace(WorkloadController.ns(d))
                .withLabels(podLabels)
                .addToAnnotations(REVISION_ANNOTATION, Long.toString(revision))
                .withOwnerReferences(WorkloadController.ownerRef(d))
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(selector)
                .withTemplate(template)
                .endSpec()
                .build();
    }

    static int desired(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    static boolean recreate(Deployment d) {
        DeploymentStrategy s = d.getSpec().getStrategy();
        return s != null && "Recreate".equals(s.getType());
    }

    /** maxSurge resolved against the desired count, rounded up; 0 with Recreate. */
    static int maxSurge(Deployment d) {
        if (recreate(d)) {
            return 0;
        }
        int surge = IntOrPercent.resolve(rollingValue(d, true), "25%", desired(d), true);
        int unavailable = IntOrPercent.resolve(rollingValue(d, false), "25%", desired(d), false);
        return surge == 0 && unavailable == 0 ? 0 : surge;
    }

    /** maxUnavailable resolved against the desired count, rounded down; 1 when it and maxSurge are both 0; 0 with Recreate or no replicas. */
    static int maxUnavailable(Deployment d) {
        if (recreate(d) || desired(d) == 0) {
            return 0;
        }
        int surge = IntOrPercent.resolve(rollingValue(d, true), "25%", desired(d), true);
        int unavailable = IntOrPercent.resolve(rollingValue(d, false), "25%", desired(d), false);
        int resolved = surge == 0 && unavailable == 0 ? 1 : unavailable;
        return Math.min(resolved, desired(d));
    }

    private static IntOrString rollingValue(Deployment d, boolean surge) {
        DeploymentStrategy s = d.getSpec().getStrategy();
        if (s == null || s.getRollingUpdate() == null) {
            return null;
        }
        return surge ? s.getRollingUpdate().getMaxSurge() : s.getRollingUpdate().getMaxUnavailable();
    }

    static long revision(ReplicaSet rs) {
        String value = rs.getMetadata().getAnnotations() == null
                ? null
                : rs.getMetadata().getAnnotations().get(REVISION_ANNOTATION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> labels(ReplicaSet rs) {
        return labels(rs.getMetadata().getLabels());
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
