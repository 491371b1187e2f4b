package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.drain.Evictor;
import io.drctl.adapters.kubernetes.drain.NodePods;
import io.drctl.adapters.kubernetes.drain.PodVerdict;
import io.drctl.adapters.kubernetes.select.LabelSelector;
import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.select.Workloads;
import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.site.SiteRequests;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One bound k8s.drain. */
final class DrainStep implements Step {
    private final StepDefinition definition;
    /** scaleToZero: the workloads apply scaled, which verify holds at zero. */
    private final Set<String> scaled = new LinkedHashSet<>();

    DrainStep(StepDefinition definition) {
        this.definition = definition;
    }

    private record Survey(
            List<Node> nodes,
            List<Node> toCordon,
            List<PodVerdict> evict,
            List<PodVerdict> refused,
            List<PodVerdict> skippedPods,
            List<PodVerdict> terminating,
            List<PodVerdict> leftBehind) {
        int skipped() {
            return skippedPods.size();
        }
    }

    private Survey survey(StepContext ctx, Cluster cluster) throws StepException {
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(
                    ctx.params().optionalString("nodeSelector").orElse(""));
        } catch (LabelSelector.InvalidSelectorException e) {
            throw new StepFailedException(e.getMessage());
        }
        KubernetesClient client = cluster.client();
        List<Node> nodes = NodePods.nodes(client, cluster.site(), ctx.params().strings("nodes"), selector);
        if (nodes.isEmpty()) {
            throw new StepFailedException("site " + cluster.site() + ": no node matches " + describeNodes(ctx));
        }
        boolean force = ctx.params().bool("force", false);
        boolean emptyDir = ctx.params().bool("deleteEmptyDirData", false);
        List<Node> toCordon = nodes.stream().filter(n -> !NodePods.cordoned(n)).toList();
        List<PodVerdict> evict = new ArrayList<>();
        List<PodVerdict> refused = new ArrayList<>();
        List<PodVerdict> skipped = new ArrayList<>();
        List<PodVerdict> terminating = new ArrayList<>();
        List<PodVerdict> leftBehind = new ArrayList<>();
        Optional<Duration> skipWait = ctx.params().duration("skipWaitForDeleteTimeout");
        Instant listedAt = Instant.now();
        Map<String, Boolean> daemonSets = new HashMap<>(); // each DaemonSet read once per survey
        PodVerdict.DaemonSets exists = (ns, name) -> daemonSets.computeIfAbsent(
                ns + "/" + name,
                k -> client.apps().daemonSets().inNamespace(ns).withName(name).get() != null);
        for (Node n : nodes) {
            for (Pod p : NodePods.on(client, cluster.site(), n.getMetadata().getName())) {
                PodVerdict v;
                try {
                    v = PodVerdict.of(p, force, emptyDir, exists, skipWait, listedAt);
                } catch (RuntimeException e) {
                    throw ApiFailures.translate(
                            cluster.site(),
                            "reading the DaemonSet of " + p.getMetadata().getNamespace() + "/"
                                    + p.getMetadata().getName(),
                            e);
                }
                switch (v.kind()) {
                    case EVICT -> evict.add(v);
                    case REFUSE -> refused.add(v);
                    case TERMINATING -> terminating.add(v);
                    case SKIP -> {
                        skipped.add(v);
                        if (p.getMetadata().getDeletionTimestamp() != null) {
                            leftBehind.add(v);
                        }
                    }
                }
            }
        }
        return new Survey(nodes, toCordon, evict, refused, skipped, terminating, leftBehind);
    }

    private String describeNodes(StepContext ctx) throws StepFailedException {
        List<String> names = ctx.params().strings("nodes");
        return names.isEmpty()
                ? "'" + ctx.params().optionalString("nodeSelector").orElse("") + "'"
                : String.join(", ", names);
    }

    private boolean scaleToZero(StepContext ctx) {
        return "scaleToZero".equals(ctx.params().raw().get("mode"));
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        Survey s = survey(ctx, cluster);
        if (!s.refused().isEmpty() && !scaleToZero(ctx)) {
            return CheckResult.blocked("cannot drain site " + cluster.site() + ": "
                    + String.join(
                            "; ",
                            s.refused().stream()
                                    .map(v -> v.display() + " " + v.reason())
                                    .toList()));
        }
        List<String> changes = new ArrayList<>();
        for (Node n : s.toCordon()) {
            changes.add("node " + n.getMetadata().getName() + ": cordon");
        }
        if (scaleToZero(ctx)) {
            for (Workload w : targets(ctx, cluster, s)) {
                if (w.replicas() > 0) {
                    changes.add(w.display() + ": " + w.replicas() + " → 0");
                }
            }
        } else {
            for (PodVerdict v : s.evict()) {
                changes.add(
                        "evict " + v.display() + " from " + v.pod().getSpec().getNodeName());
            }
            for (PodVerdict v : s.terminating()) {
                changes.add(
                        "wait for " + v.display() + " on " + v.pod().getSpec().getNodeName() + ": " + v.reason());
            }
        }
        String skipped = s.skipped() == s.leftBehind().size()
                ? ""
                : " (" + (s.skipped() - s.leftBehind().size()) + " DaemonSet/mirror pods left alone)";
        if (!s.leftBehind().isEmpty()) {
            skipped +=
                    " (" + s.leftBehind().size() + " pods stuck Terminating past skipWaitForDeleteTimeout left behind: "
                            + String.join(
                                    ", ",
                                    s.leftBehind().stream()
                                            .limit(5)
                                            .map(PodVerdict::display)
                                            .toList()) + ")";
        }
        if (changes.isEmpty()) {
            return CheckResult.alreadyDone(
                    s.nodes().size() + " node" + (s.nodes().size() == 1 ? "" : "s") + " on site " + cluster.site()
                            + " cordoned and drained" + skipped);
        }
        return new CheckResult.WillChange(
                "drain " + s.nodes().size() + " node" + (s.nodes().size() == 1 ? "" : "s") + " on site "
                        + cluster.site() + skipped,
                changes);
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        KubernetesClient client = cluster.client();
        Survey s = survey(ctx, cluster);
        for (Node n : s.toCordon()) {
            try {
                client.nodes()
                        .withName(n.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
            } catch (RuntimeException e) {
                throw ApiFailures.translateWrite(
                        cluster.site(), "cordoning node " + n.getMetadata().getName(), e);
            }
            ctx.progress("cordoned " + n.getMetadata().getName());
        }
        if (!s.toCordon().isEmpty()) {
            // list the pods again now that nothing new can be scheduled there (kubectl drain lists after cordoning)
            s = survey(ctx, cluster);
        }
        ctx.output(
                "nodes", s.nodes().stream().map(n -> n.getMetadata().getName()).toList());
        if (scaleToZero(ctx)) {
            List<Workload> targets = targets(ctx, cluster, s);
            Map<String, Object> previous = new LinkedHashMap<>();
            targets.stream().filter(w -> w.replicas() > 0).forEach(w -> previous.put(w.key(), w.replicas()));
            ctx.output("previous", previous);
            scaled.addAll(targets.stream().map(Workload::key).toList());
            SiteRequests.forEach(targets.stream().filter(w -> w.replicas() > 0).toList(), w -> {
                Workloads.scale(client, cluster.site(), w, 0);
                ctx.progress("scaled " + w.display() + " " + w.replicas() + " → 0");
            });
            return;
        }
        if (!s.refused().isEmpty()) {
            throw new StepFailedException("cannot drain: " + s.refused().get(0).display() + " "
                    + s.refused().get(0).reason());
        }
        ctx.output("evicted", s.evict().stream().map(PodVerdict::display).toList());
        ctx.output(
                "skipped",
                s.skippedPods().stream()
                        .map(v -> v.display() + ": " + v.reason())
                        .toList());
        new Evictor(
                        client,
                        cluster.site(),
                        (int) ctx.params().integer("parallelism", 5),
                        ctx.params().duration("gracePeriod"),
                        DrainStepType.RETRY_EVERY,
                        ctx.params().bool("disableEviction", false))
                .evictAll(ctx, s.evict());
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        if (scaleToZero(ctx)) {
            verifyScaledToZero(ctx, cluster);
            return;
        }
        while (true) {
            Survey s = survey(ctx, cluster);
            if (s.toCordon().isEmpty() && s.evict().isEmpty() && s.terminating().isEmpty()) {
                ctx.output(
                        "leftBehind",
                        s.leftBehind().stream()
                                .map(v -> v.display() + ": " + v.reason())
                                .toList());
                return;
            }
            List<PodVerdict> still = concat(s.evict(), s.terminating());
            String left = still.size() + " pods still on the nodes"
                    + (still.isEmpty()
                            ? ""
                            : ": "
                                    + String.join(
                                            ", ",
                                            still.stream()
                                                    .limit(5)
                                                    .map(v -> v.display()
                                                            + (v.kind() == PodVerdict.Kind.TERMINATING
                                                                    ? " (terminating)"
                                                                    : ""))
                                                    .toList()));
            ctx.progress(left);
            if (Instant.now().plus(Duration.ofSeconds(1)).isAfter(ctx.deadline())) {
                String hint = s.terminating().isEmpty()
                        ? ""
                        : "; pods whose node is dead stay Terminating for ever: "
                                + "skipWaitForDeleteTimeout leaves them behind";
                throw new StepFailedException(
                        "site " + cluster.site() + ": not drained before the deadline: " + left + hint);
            }
            Thread.sleep(500);
        }
    }

    /**
     * What scaleToZero scales: every workload the selector (or names) selects, wherever its pods
     * are; without one, the Deployments and StatefulSets whose pods are on the surveyed nodes.
     */
    private List<Workload> targets(StepContext ctx, Cluster cluster, Survey s)
            throws StepException, InterruptedException {
        if (selectsWorkloads(ctx)) {
            return Workloads.find(
                    cluster.client(),
                    cluster.site(),
                    WorkloadSelection.from(ctx.params(), cluster.settings().defaultNamespace()));
        }
        List<Workload> owners = new ArrayList<>();
        for (String key : owners(cluster, s)) {
            String[] parts = key.split("/", 3);
            Workload w = Workloads.get(
                    cluster.client(), cluster.site(), parts[1], Workload.Kind.valueOf(parts[0]), parts[2]);
            if (w != null) {
                owners.add(w);
            }
        }
        return owners;
    }

    private static boolean selectsWorkloads(StepContext ctx) {
        return DrainStepType.SELECTION.stream().anyMatch(p -> ctx.params().raw().get(p) != null);
    }

    /**
     * Done only when every workload this step scaled, and every one it selects now, wants no
     * replica and has none left: a workload something scales up again (a GitOps controller, a
     * person) is reported, never passed over.
     */
    private void verifyScaledToZero(StepContext ctx, Cluster cluster) throws StepException, InterruptedException {
        while (true) {
            Map<String, Workload> watched = new LinkedHashMap<>();
            for (String key : scaled) {
                String[] parts = key.split("/", 3);
                watched.put(key, new Workload(parts[1], Workload.Kind.valueOf(parts[0]), parts[2], 0, Map.of(), null));
            }
            targets(ctx, cluster, survey(ctx, cluster)).forEach(w -> watched.put(w.key(), w));
            Map<String, Workload> now =
                    Workloads.current(cluster.client(), cluster.site(), List.copyOf(watched.values()));
            List<String> left = new ArrayList<>();
            for (Workload w : now.values()) {
                if (w.replicas() > 0) {
                    left.add(w.display() + " wants " + w.replicas() + " replicas again (something scaled it back up)");
                } else if (w.rollout().replicas() > 0) {
                    left.add(w.display() + " still has " + w.rollout().replicas() + " replicas");
                }
            }
            if (left.isEmpty()) {
                ctx.output(
                        "scaledToZero",
                        now.values().stream().map(Workload::display).sorted().toList());
                return;
            }
            ctx.progress(left.size() + " workloads not at zero yet: "
                    + String.join("; ", left.stream().limit(5).toList()));
            if (Instant.now().plus(Duration.ofSeconds(1)).isAfter(ctx.deadline())) {
                throw new StepFailedException("site " + cluster.site() + ": not scaled to zero before the deadline: "
                        + String.join("; ", left));
            }
            Thread.sleep(500);
        }
    }

    /** The keys of the workloads whose pods run on the surveyed nodes. */
    private Set<String> owners(Cluster cluster, Survey s) throws StepException {
        KubernetesClient client = cluster.client();
        Set<String> keys = new LinkedHashSet<>();
        for (PodVerdict v : concat(s.evict(), s.refused())) {
            OwnerReference owner = PodVerdict.controller(v.pod()).orElse(null);
            if (owner == null) {
                continue;
            }
            String ns = v.pod().getMetadata().getNamespace();
            if (owner.getKind().equals("StatefulSet")) {
                keys.add(Workload.key(ns, Workload.Kind.StatefulSet, owner.getName()));
            } else if (owner.getKind().equals("ReplicaSet")) {
                ReplicaSet rs;
                try {
                    rs = client.apps()
                            .replicaSets()
                            .inNamespace(ns)
                            .withName(owner.getName())
                            .get();
                } catch (RuntimeException e) {
                    throw ApiFailures.translate(cluster.site(), "reading ReplicaSet " + ns + "/" + owner.getName(), e);
                }
                if (rs != null && rs.getMetadata().getOwnerReferences() != null) {
                    rs.getMetadata().getOwnerReferences().stream()
                            .filter(o -> o.getKind().equals("Deployment"))
                            .findFirst()
                            .ifPresent(d -> keys.add(Workload.key(ns, Workload.Kind.Deployment, d.getName())));
                }
            }
        }
        return keys;
    }

    private static List<PodVerdict> concat(List<PodVerdict> a, List<PodVerdict> b) {
        List<PodVerdict> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
