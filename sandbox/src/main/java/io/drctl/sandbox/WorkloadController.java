package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What kube-controller-manager and the scheduler do, reduced to what drctl observes: a
 * Deployment or StatefulSet whose spec differs from what runs gets, after {@code delay}, pods
 * created or deleted (new ones on schedulable nodes, the least loaded first; cordoned nodes'
 * pods go first when scaling down) and a status that says so. Deployments run their pods through
 * a ReplicaSet and DaemonSets run one pod per node, so owner references read as on a real cluster.
 * It talks to its own site over HTTP, as a controller does.
 */
final class WorkloadController implements AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(100);

    private final KubernetesClient client;
    private final Kubelets kubelets;
    private final DaemonSetController daemonSetController;
    private final Duration delay;
    private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();
    private final TickWrites writes = new TickWrites();
    private final Thread thread;
    private volatile boolean stopped;

    WorkloadController(KubernetesClient client, Kubelets kubelets, Duration delay, Runnable afterTick) {
        this.client = client;
        this.kubelets = kubelets;
        this.daemonSetController = new DaemonSetController(client, kubelets);
        this.delay = delay;
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

    void reconcileOnce() {
        // Workloads first, nodes after: a node created before a workload is then always seen with it.
        // One list per kind and tick, nothing read per workload: 500 Deployments cost the same five lists as one.
        List<Deployment> deployments =
                client.apps().deployments().inAnyNamespace().list().getItems();
        List<StatefulSet> statefulSets =
                client.apps().statefulSets().inAnyNamespace().list().getItems();
        List<DaemonSet> daemonSets =
                client.apps().daemonSets().inAnyNamespace().list().getItems();
        Map<String, ReplicaSet> replicaSets = new HashMap<>();
        client.apps()
                .replicaSets()
                .inAnyNamespace()
                .list()
                .getItems()
                .forEach(rs -> replicaSets.put(ns(rs) + "/" + name(rs), rs));
        List<Node> nodes = client.nodes().list().getItems();
        List<Pod> pods = new ArrayList<>(client.pods().inAnyNamespace().list().getItems());
        try {
            decide(deployments, statefulSets, daemonSets, replicaSets, nodes, pods);
        } finally {
            writes.flush();
        }
    }

    private void decide(
            List<Deployment> deployments,
            List<StatefulSet> statefulSets,
            List<DaemonSet> daemonSets,
            Map<String, ReplicaSet> replicaSets,
            List<Node> nodes,
            List<Pod> pods) {
        finishDeletions(pods);
        schedulePending(nodes, pods);
        for (Deployment d : deployments) {
            try {
                reconcile(d, replicaSets, nodes, pods);
            } catch (RuntimeException e) {
                // a step changed it meanwhile, or it is being deleted: the next tick sees it afresh
            }
        }
        for (StatefulSet s : statefulSets) {
            int desired = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            try {
                reconcile(
                        s,
                        ownerRef(s),
                        s.getSpec().getTemplate(),
                        desired,
                        nodes,
                        pods,
                        true,
                        (replicas, ready) -> patchStatus(
                                client.apps().statefulSets().inNamespace(ns(s)).resource(s),
                                "{\"observedGeneration\":" + generationOf(s) + ",\"replicas\":" + replicas
                                        + ",\"updatedReplicas\":"
                                        + replicas + ",\"readyReplicas\":" + ready + ",\"availableReplicas\":" + ready
                                        + ",\"currentReplicas\":" + replicas + "}"),
                        s.getStatus() == null
                                ? null
                                : statusOf(
                                        s.getStatus().getReadyReplicas(),
                                        s.getStatus().getObservedGeneration(),
                                        s.getMetadata().getGeneration(),
                                        s.getStatus().getReplicas()));
            } catch (RuntimeException e) {
                // as for Deployments: the next tick tries again
            }
        }
        for (DaemonSet ds : daemonSets) {
            try {
                daemonSetController.reconcile(ds, nodes, pods);
            } catch (RuntimeException e) {
                // as for Deployments: the next tick tries again
            }
        }
    }

    private void reconcile(Deployment d, Map<String, ReplicaSet> replicaSets, List<Node> nodes, List<Pod> pods) {
        ReplicaSet rs = replicaSets.get(ns(d) + "/" + name(d) + "-sbx");
        if (rs == null) {
            rs = createReplicaSet(d);
        }
        ReplicaSet owner = rs;
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        reconcile(
                d,
                ownerRef(rs),
                d.getSpec().getTemplate(),
                desired,
                nodes,
                pods,
                false,
                (replicas, ready) -> {
                    patchStatus(
                            client.apps().deployments().inNamespace(ns(d)).resource(d),
                            "{\"observedGeneration\":" + generationOf(d)
                                    + ",\"replicas\":" + replicas + ",\"updatedReplicas\":" + replicas
                                    + ",\"readyReplicas\":" + ready
                                    + ",\"availableReplicas\":" + ready + ",\"unavailableReplicas\":"
                                    + (replicas - ready) + "}");
                    patchStatus(
                            client.apps().replicaSets().inNamespace(ns(d)).resource(owner),
                            "{\"replicas\":" + replicas + ",\"readyReplicas\":" + ready + ",\"availableReplicas\":"
                                    + ready + "}");
                },
                d.getStatus() == null
                        ? null
                        : statusOf(
                                d.getStatus().getReadyReplicas(),
                                d.getStatus().getObservedGeneration(),
                                d.getMetadata().getGeneration(),
                                d.getStatus().getReplicas()));
    }

    /**
     * Writes a status as one JSON merge patch of the status subresource: one request, no read
     * first, and no conflict with a step that changed the spec since this tick listed it.
     */
    static <T extends HasMetadata> void patchStatus(Resource<T> resource, String status) {
        resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + status + "}");
    }

    private static long generationOf(HasMetadata r) {
        return r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
    }

    /**
     * Pods on a live node whose grace period is over are gone: the kubelet confirms their end.
     * On a node whose kubelet is dead they stay Terminating (see {@link Kubelets}).
     */
    private void finishDeletions(List<Pod> pods) {
        Instant now = Instant.now();
        pods.removeIf(p -> {
            if (p.getMetadata().getDeletionTimestamp() == null
                    || !kubelets.awaitsConfirmation(p)
                    || Instant.parse(p.getMetadata().getDeletionTimestamp()).isAfter(now)) {
                return false;
            }
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            if (node != null && kubelets.deadKubelet(node)) {
                return false;
            }
            // Through the site's API as a kubelet does: the store then drops the pod, and watchers hear of it.
            writes.pod(() -> client.pods()
                    .inNamespace(ns(p))
                    .resource(p)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Kubelets.CONFIRMATION_PATCH));
            return true;
        });
    }

    /** What a status claims ({replicas, ready}), or null when it is stale (an older generation). */
    private static int[] statusOf(Integer ready, Long observed, Long generation, Integer replicas) {
        if (!Objects.equals(observed == null ? 0L : observed, generation == null ? 0L : generation)) {
            return null;
        }
        return new int[] {replicas == null ? 0 : replicas, ready == null ? 0 : ready};
    }

    private interface StatusWriter {
        void write(int replicas, int ready);
    }

    /** Ready as the kubelet reports it: scheduled, Running, and not being deleted. A Pending pod is never ready. */
    static boolean ready(Pod p) {
        return p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase())
                && p.getMetadata().getDeletionTimestamp() == null;
    }

    private static int readyCount(List<Pod> pods) {
        return (int) pods.stream().filter(WorkloadController::ready).count();
    }

    private void reconcile(
            HasMetadata workload,
            OwnerReference owner,
            PodTemplateSpec template,
            int desired,
            List<Node> nodes,
            List<Pod> allPods,
            boolean ordinals,
            StatusWriter status,
            int[] claimed) {
        String key = workload.getKind() + "/" + ns(workload) + "/" + name(workload);
        // Terminating pods (on a node whose kubelet is gone) are not counted: replacements are made, as a ReplicaSet
        // does.
        List<Pod> own = allPods.stream()
                .filter(p -> ns(workload).equals(ns(p))
                        && ownedBy(p, owner)
                        && p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        if (own.size() == desired) {
            pendingSince.remove(key);
            int ready = readyCount(own);
            if (claimed == null || claimed[0] != own.size() || claimed[1] != ready) {
                int replicas = own.size();
                writes.status(() ->
                        status.write(replicas, ready)); // pods became ready (scheduled at last) or stopped being so
            }
            return;
        }
        Instant since = pendingSince.computeIfAbsent(key, k -> Instant.now());
        if (Duration.between(since, Instant.now()).compareTo(delay) < 0) {
            return;
        }
        if (own.size() > desired) {
            List<Pod> victims = new ArrayList<>(own);
            Map<String, Boolean> cordoned = new HashMap<>();
            nodes.forEach(
                    n -> cordoned.put(name(n), Boolean.TRUE.equals(n.getSpec().getUnschedulable())));
            victims.sort(Comparator.comparing((Pod p) ->
                            !cordoned.getOrDefault(String.valueOf(p.getSpec().getNodeName()), false))
                    .thenComparing(p -> name(p), Comparator.reverseOrder()));
            for (Pod p : victims.subList(0, own.size() - desired)) {
                writes.pod(
                        () -> client.pods().inNamespace(ns(p)).withName(name(p)).delete());
            }
        } else {
            for (int i = own.size(); i < desired; i++) {
                String podName = ordinals
                        ? name(workload) + "-" + freeOrdinal(own, name(workload))
                        : owner.getName() + "-" + randomSuffix();
                Pod created = pod(
                        ns(workload),
                        podName,
                        owner,
                        template,
                        scheduleOn(template.getSpec(), nodes, allPods),
                        nodes.isEmpty());
                writes.pod(() -> client.pods()
                        .inNamespace(ns(workload))
                        .resource(created)
                        .create());
                allPods.add(created); // counted at once for the next pod's node, as the scheduler's cache does
                own = new ArrayList<>(own);
                own.add(created);
            }
        }
        List<Pod> now = allPods.stream()
                .filter(p -> ns(workload).equals(ns(p))
                        && ownedBy(p, owner)
                        && p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        int ready = readyCount(now);
        writes.status(() -> status.write(desired, ready));
        pendingSince.remove(key);
    }

    private static int freeOrdinal(List<Pod> own, String base) {
        for (int i = 0; ; i++) {
            String candidate = base + "-" + i;
            if (own.stream().noneMatch(p -> name(p).equals(candidate))) {
                return i;
            }
        }
    }

    /**
     * What the scheduler decides, reduced: the node with the fewest pods among those that are not
     * cordoned, carry every label of the pod's nodeSelector (zone, role...) and have room left
     * (status.allocatable.pods, when given). None fits: null, and the pod stays Pending.
     */
    static String scheduleOn(PodSpec pod, List<Node> nodes, List<Pod> pods) {
        Map<String, String> selector = pod == null || pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector();
        Map<String, Long> load = new HashMap<>();
        pods.forEach(p -> {
            if (p.getSpec() != null && p.getSpec().getNodeName() != null) {
                load.merge(p.getSpec().getNodeName(), 1L, Long::sum);
            }
        });
        return nodes.stream()
                .filter(n -> !Boolean.TRUE.equals(
                        n.getSpec() == null ? null : n.getSpec().getUnschedulable()))
                .filter(n -> selector.entrySet().stream()
                        .allMatch(e -> n.getMetadata().getLabels() != null
                                && e.getValue()
                                        .equals(n.getMetadata().getLabels().get(e.getKey()))))
                .filter(n -> load.getOrDefault(name(n), 0L) < podCapacity(n))
                .min(Comparator.comparingLong((Node n) -> load.getOrDefault(name(n), 0L))
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

    /** Pending pods are bound as soon as a node fits (uncordoned, added, or room freed). */
    private void schedulePending(List<Node> nodes, List<Pod> pods) {
        for (Pod p : pods) {
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
            p.getSpec().setNodeName(node); // counted at once for the next pending pod's choice
            writes.pod(
                    () -> client.pods()
                            .inNamespace(ns(p))
                            .resource(p)
                            .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"spec\":{\"nodeName\":\"" + node
                                            + "\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}"));
        }
    }

    private ReplicaSet createReplicaSet(Deployment d) {
        String rsName = name(d) + "-sbx";
        return client.apps()
                .replicaSets()
                .inNamespace(ns(d))
                .resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName(rsName)
                        .withNamespace(ns(d))
                        .withLabels(
                                d.getSpec().getTemplate().getMetadata() == null
                                        ? Map.of()
                                        : d.getSpec()
                                                .getTemplate()
                                                .getMetadata()
                                                .getLabels())
                        .withOwnerReferences(ownerRef(d))
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(d.getSpec().getReplicas())
                        .withSelector(d.getSpec().getSelector())
                        .withTemplate(d.getSpec().getTemplate())
                        .endSpec()
                        .build())
                .create();
    }

    /**
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
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(
                        template.getMetadata() == null
                                ? Map.of()
                                : template.getMetadata().getLabels())
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(spec)
                .withNewStatus()
                .withPhase(running ? "Running" : "Pending")
                .addNewCondition()
                .withType("Ready")
                .withStatus(running ? "True" : "False")
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

    static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return b.toString();
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
