package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kube-controller-manager and the scheduler do, reduced to what drctl observes, run as one
 * loop inside its site, as a control plane's controllers are: it reads the site's store
 * ({@link StoreReads}) and writes through the site's API in-process ({@link StoreWrites}). Each
 * tick reads every kind once, then: the kubelets confirm pods whose grace period is over, the
 * {@link Scheduler} binds Pending pods a node now fits, Deployments decide their ReplicaSets' sizes
 * ({@link DeploymentController}), every ReplicaSet and StatefulSet gets its pods after the
 * site's controller delay ({@link PodSetController}), Deployments report their status
 * ({@link DeploymentStatusWriter}) and DaemonSets run one pod per node
 * ({@link DaemonSetController}). Owner references read as on a real cluster.
 */
final class WorkloadController implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(100);

    private final StoreReads reads;
    private final StoreWrites store;
    private final Kubelets kubelets;
    private final TickWrites writes = new TickWrites();
    private final Scheduler scheduler;
    private final PodSetController podSets;
    private final DeploymentController deployments;
    private final DeploymentStatusWriter deploymentStatus;
    private final DaemonSetController daemonSetController;
    private final Thread thread;
    private volatile boolean stopped;

    WorkloadController(KubernetesClient client, SandboxDispatcher site, Duration delay, Runnable afterTick) {
        this.reads = new StoreReads(site.store(), client.getKubernetesSerialization());
        this.store = new StoreWrites(site::internal, client.getKubernetesSerialization());
        this.kubelets = site.kubelets();
        this.scheduler = new Scheduler(store, writes);
        this.podSets = new PodSetController(store, writes, delay);
        this.deployments = new DeploymentController(client, store, writes, reads);
        this.deploymentStatus = new DeploymentStatusWriter(store, writes, deployments);
        this.daemonSetController = new DaemonSetController(store, kubelets);
        this.thread = Thread.ofPlatform().daemon().name("sandbox-controller").unstarted(() -> loop(afterTick));
    }

    void start() {
        thread.start();
    }

    private void loop(Runnable afterTick) {
        while (!stopped) {
            try {
                reconcileOnce();
            } catch (RuntimeException e) {
                // the site may be stopping, or a write raced with a step's: the next tick tries again
            }
            afterTick.run();
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One tick; synchronized, as a test may ask for one while the loop runs its own. */
    synchronized void reconcileOnce() {
        // Workloads first, nodes after: a node created before a workload is then always seen with it.
        // Read from the store, each object parsed only when it changed: 500 Deployments cost the same six reads as one.
        List<Deployment> deploymentList = reads.list("/apis/apps/v1/deployments", Deployment.class);
        List<ReplicaSet> replicaSets = reads.list("/apis/apps/v1/replicasets", ReplicaSet.class);
        List<StatefulSet> statefulSets = reads.list("/apis/apps/v1/statefulsets", StatefulSet.class);
        List<DaemonSet> daemonSets = reads.list("/apis/apps/v1/daemonsets", DaemonSet.class);
        List<Node> nodes = reads.list("/api/v1/nodes", Node.class);
        TickPods pods = new TickPods(reads.list("/api/v1/pods", Pod.class), reads::changed);
        reads.ticked();
        try {
            decide(deploymentList, replicaSets, statefulSets, daemonSets, nodes, pods);
        } finally {
            writes.flush();
        }
    }

    private void decide(
            List<Deployment> deploymentList,
            List<ReplicaSet> replicaSets,
            List<StatefulSet> statefulSets,
            List<DaemonSet> daemonSets,
            List<Node> nodes,
            TickPods pods) {
        finishDeletions(pods);
        scheduler.schedulePending(nodes, pods);
        Map<String, List<ReplicaSet>> byDeployment = new LinkedHashMap<>();
        List<ReplicaSet> standalone = new ArrayList<>();
        for (ReplicaSet rs : replicaSets) {
            OwnerReference owner = controllerOf(rs);
            if (owner != null && "Deployment".equals(owner.getKind())) {
                byDeployment
                        .computeIfAbsent(ns(rs) + "/" + owner.getName(), k -> new ArrayList<>())
                        .add(rs);
            } else {
                standalone.add(rs);
            }
        }
        Map<String, Boolean> started = new HashMap<>();
        for (Deployment d : deploymentList) {
            List<ReplicaSet> owned = byDeployment.computeIfAbsent(ns(d) + "/" + name(d), k -> new ArrayList<>());
            try {
                started.put(ns(d) + "/" + name(d), deployments.rollOut(d, owned, pods));
            } catch (RuntimeException e) {
                // a step changed it meanwhile, or it is being deleted: the next tick sees it afresh
            }
        }
        byDeployment.values().forEach(standalone::addAll);
        for (ReplicaSet rs : standalone) {
            try {
                reconcile(rs, nodes, pods);
            } catch (RuntimeException e) {
                // as for Deployments: the next tick tries again
            }
        }
        for (Deployment d : deploymentList) {
            try {
                deploymentStatus.write(
                        d,
                        byDeployment.get(ns(d) + "/" + name(d)),
                        pods,
                        started.getOrDefault(ns(d) + "/" + name(d), false));
            } catch (RuntimeException e) {
                // as for Deployments: the next tick tries again
            }
        }
        for (StatefulSet s : statefulSets) {
            try {
                reconcile(s, nodes, pods);
            } catch (RuntimeException e) {
                // as for Deployments: the next tick tries again
            }
        }
        for (DaemonSet ds : daemonSets) {
            try {
                daemonSetController.reconcile(ds, nodes, pods.all());
            } catch (RuntimeException e) {
                // as for Deployments: the next tick tries again
            }
        }
    }

    private void reconcile(ReplicaSet rs, List<Node> nodes, TickPods pods) {
        var s = rs.getStatus();
        podSets.reconcile(
                rs,
                rs.getSpec().getTemplate(),
                DeploymentController.replicas(rs),
                rs.getSpec().getMinReadySeconds(),
                nodes,
                pods,
                false,
                (replicas, ready, available) -> store.mergePatchStatus(
                        rs,
                        "{\"observedGeneration\":" + generationOf(rs) + ",\"replicas\":" + replicas
                                + ",\"fullyLabeledReplicas\":" + replicas + ",\"readyReplicas\":" + ready
                                + ",\"availableReplicas\":" + available + "}"),
                s == null
                        ? null
                        : PodSetController.claimed(
                                s.getReplicas(),
                                s.getReadyReplicas(),
                                s.getAvailableReplicas(),
                                s.getObservedGeneration(),
                                rs.getMetadata().getGeneration()));
    }

    private void reconcile(StatefulSet set, List<Node> nodes, TickPods pods) {
        var s = set.getStatus();
        podSets.reconcile(
                set,
                set.getSpec().getTemplate(),
                set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas(),
                set.getSpec().getMinReadySeconds(),
                nodes,
                pods,
                true,
                (replicas, ready, available) -> store.mergePatchStatus(
                        set,
                        "{\"observedGeneration\":" + generationOf(set) + ",\"replicas\":" + replicas
                                + ",\"updatedReplicas\":" + replicas + ",\"readyReplicas\":" + ready
                                + ",\"availableReplicas\":" + available + ",\"currentReplicas\":" + replicas + "}"),
                s == null
                        ? null
                        : PodSetController.claimed(
                                s.getReplicas(),
                                s.getReadyReplicas(),
                                s.getAvailableReplicas(),
                                s.getObservedGeneration(),
                                set.getMetadata().getGeneration()));
    }

    private static long generationOf(HasMetadata r) {
        return r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
    }

    /**
     * Pods on a live node whose grace period is over are gone: the kubelet confirms their end.
     * On a node whose kubelet is dead they stay Terminating (see {@link Kubelets}).
     */
    private void finishDeletions(TickPods pods) {
        Instant now = Instant.now();
        List<Pod> confirmed = new ArrayList<>();
        for (Pod p : pods.all()) {
            if (p.getMetadata().getDeletionTimestamp() == null
                    || !kubelets.awaitsConfirmation(p)
                    || Instant.parse(p.getMetadata().getDeletionTimestamp()).isAfter(now)) {
                continue;
            }
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            if (node != null && kubelets.deadKubelet(node)) {
                continue;
            }
            // Through the site's API as a kubelet does: the store then drops the pod, and watchers hear of it.
            writes.pod(() -> store.mergePatch(p, Kubelets.CONFIRMATION_PATCH));
            confirmed.add(p);
        }
        pods.removeAll(confirmed);
    }

    private static OwnerReference controllerOf(HasMetadata r) {
        List<OwnerReference> owners = r.getMetadata().getOwnerReferences();
        return owners == null
                ? null
                : owners.stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController()))
                        .findFirst()
                        .orElse(null);
    }

    static OwnerReference ownerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(name(owner))
                .withUid(
                        owner.getMetadata().getUid() == null
                                ? name(owner)
                                : owner.getMetadata().getUid())
                .withController(true)
                .build();
    }

    static boolean ownedBy(Pod p, OwnerReference owner) {
        return p.getMetadata().getOwnerReferences() != null
                && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getKind().equals(owner.getKind())
                                && o.getName().equals(owner.getName()));
    }

    static String ns(HasMetadata r) {
        return r.getMetadata().getNamespace();
    }

    static String name(HasMetadata r) {
        return r.getMetadata().getName();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
