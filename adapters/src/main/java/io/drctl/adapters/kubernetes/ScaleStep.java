package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.Autoscalers;
import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.select.Workloads;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.site.SiteRequests;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One bound k8s.scale: check finds the workloads and their targets; apply scales those that differ. */
final class ScaleStep implements Step {
    private final StepDefinition definition;
    private List<Workload> found = List.of();
    private final Map<String, Integer> targets = new LinkedHashMap<>();
    /** The autoscalers whose bounds apply moves, and to what (autoscalers: adjust). */
    private final Map<HorizontalPodAutoscaler, Autoscalers.Bounds> autoscalerMoves = new LinkedHashMap<>();

    ScaleStep(StepDefinition definition) {
        this.definition = definition;
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        KubernetesClient client = cluster.client();
        WorkloadSelection selection =
                WorkloadSelection.from(ctx.params(), cluster.settings().defaultNamespace());
        found = Workloads.find(client, site, selection);
        if (found.isEmpty()) {
            throw new StepFailedException(
                    "site " + site + ": no Deployment or StatefulSet matches " + selection.describe());
        }
        ReplicaTarget target = ReplicaTarget.of(ctx.params().raw().get("replicas"), site);
        List<String> sources = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Map<String, Object> previous = new LinkedHashMap<>();
        targets.clear();
        target.prepare(ctx, found);
        for (Workload w : found) {
            int to = target.countFor(ctx, w, sources);
            targets.put(w.key(), to);
            previous.put(w.key(), w.replicas());
            if (w.replicas() != to) {
                changes.add(w.display() + ": " + w.replicas() + " → " + to);
            }
        }
        List<String> warnings = autoscalers(ctx, client, changes);
        ctx.output("previous", previous);
        ctx.output("target", new LinkedHashMap<>(targets));
        if (!sources.isEmpty()) {
            ctx.output("source", String.join("; ", sources));
        }
        String from = sources.isEmpty() ? "" : " (from " + String.join("; ", sources) + ")";
        if (changes.isEmpty()) {
            return CheckResult.alreadyDone(found.size() + " workload" + (found.size() == 1 ? "" : "s") + " on site "
                    + site + " already at their counts" + from
                    + (warnings.isEmpty() ? "" : "; warning: " + String.join("; ", warnings)));
        }
        changes.addAll(warnings.stream().map(w -> "warning: " + w).toList());
        long scaled =
                found.stream().filter(w -> w.replicas() != targets.get(w.key())).count();
        String what = scaled == 0
                ? "keep " + found.size() + " workloads at their counts on site " + site + " and move their autoscalers"
                : "scale " + scaled + " of " + found.size() + " workloads on site " + site;
        return new CheckResult.WillChange(what + from, changes);
    }

    /**
     * The autoscalers of the workloads: with {@code autoscalers: adjust} (the default) their
     * bounds move so they keep the new counts (a change each, the old bounds in the output
     * {@code autoscalersBefore}); with {@code leave}, what each will do to the count instead, as
     * warnings (also said as progress).
     */
    private List<String> autoscalers(StepContext ctx, KubernetesClient client, List<String> changes)
            throws InterruptedException {
        autoscalerMoves.clear();
        if (found.stream().allMatch(w -> targets.get(w.key()) <= 0)) {
            return List.of(); // an autoscaler does not act on a workload at zero: nothing to move or warn about
        }
        Autoscalers autoscalers = Autoscalers.of(client, found);
        boolean adjust = !"leave".equals(ctx.params().raw().get("autoscalers"));
        Map<String, Object> before = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Workload w : found) {
            int to = targets.get(w.key());
            if (adjust) {
                autoscalers.moveFor(w, to).ifPresent(bounds -> {
                    HorizontalPodAutoscaler h = autoscalers.of(w).orElseThrow();
                    Autoscalers.Bounds now = Autoscalers.Bounds.of(h);
                    autoscalerMoves.put(h, bounds);
                    before.put(Autoscalers.display(h), now.asMap());
                    changes.add("HorizontalPodAutoscaler " + Autoscalers.display(h) + ": minReplicas " + now.min()
                            + " → " + bounds.min()
                            + (now.max() == bounds.max() ? "" : ", maxReplicas " + now.max() + " → " + bounds.max())
                            + " (else it would move " + w.display() + " away from " + to + ")");
                });
            } else {
                autoscalers.overrides(w, to).ifPresent(warnings::add);
            }
        }
        warnings.forEach(w -> ctx.progress("warning: " + w));
        if (!before.isEmpty()) {
            ctx.output("autoscalersBefore", before);
        }
        return warnings;
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        String site = SiteRequirement.siteOf(definition);
        KubernetesClient client = Cluster.of(ctx, site).client();
        // Bounds first: an autoscaler looking between the two would pull the new count back.
        for (Map.Entry<HorizontalPodAutoscaler, Autoscalers.Bounds> move : autoscalerMoves.entrySet()) {
            Autoscalers.move(client, site, move.getKey(), move.getValue());
            ctx.progress("HorizontalPodAutoscaler " + Autoscalers.display(move.getKey()) + ": " + move.getValue());
        }
        List<Workload> toScale =
                found.stream().filter(w -> w.replicas() != targets.get(w.key())).toList();
        // Side by side, and one progress line a second: 500 workloads must not be 500 journal lines.
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, Duration.ofSeconds(1));
        AtomicInteger done = new AtomicInteger();
        try {
            SiteRequests.forEach(toScale, w -> {
                int to = targets.get(w.key());
                Workloads.scale(client, site, w, to);
                int n = done.incrementAndGet();
                progress.offer("scaled " + n + "/" + toScale.size() + " (" + w.display() + " " + w.replicas() + " → "
                        + to + ")");
            });
        } finally {
            progress.flush();
        }
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        String site = SiteRequirement.siteOf(definition);
        KubernetesClient client = Cluster.of(ctx, site).client();
        boolean waitForRollout = ctx.params().bool("waitForRollout", true);
        RolloutWaiter.await(ctx, client, site, found, now -> {
            int to = targets.get(now.key());
            return now.replicas() == to && (!waitForRollout || now.rollout().done());
        });
    }
}
