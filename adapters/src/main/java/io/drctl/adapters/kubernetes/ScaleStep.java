package io.drctl.adapters.kubernetes;

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

    ScaleStep(StepDefinition definition) {
        this.definition = definition;
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        KubernetesClient client = cluster.client();
        WorkloadSelection selection = WorkloadSelection.from(ctx.params(), cluster.settings().defaultNamespace());
        found = Workloads.find(client, site, selection);
        if (found.isEmpty()) {
            throw new StepFailedException("site " + site + ": no Deployment or StatefulSet matches " + selection.describe());
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
        ctx.output("previous", previous);
        ctx.output("target", new LinkedHashMap<>(targets));
        if (!sources.isEmpty()) {
            ctx.output("source", String.join("; ", sources));
        }
        String from = sources.isEmpty() ? "" : " (from " + String.join("; ", sources) + ")";
        if (changes.isEmpty()) {
            return CheckResult.alreadyDone(found.size() + " workload" + (found.size() == 1 ? "" : "s") + " on site " + site
                    + " already at their counts" + from);
        }
        return new CheckResult.WillChange("scale " + changes.size() + " of " + found.size() + " workloads on site " + site + from,
                changes);
    }

    @Override
    public void apply(StepContext ctx) throws StepException, InterruptedException {
        String site = SiteRequirement.siteOf(definition);
        KubernetesClient client = Cluster.of(ctx, site).client();
        List<Workload> toScale = found.stream().filter(w -> w.replicas() != targets.get(w.key())).toList();
        // Side by side, and one progress line a second: 500 workloads must not be 500 journal lines.
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, Duration.ofSeconds(1));
        AtomicInteger done = new AtomicInteger();
        try {
            SiteRequests.forEach(toScale, w -> {
                int to = targets.get(w.key());
                Workloads.scale(client, site, w, to);
                int n = done.incrementAndGet();
                progress.offer("scaled " + n + "/" + toScale.size() + " (" + w.display() + " " + w.replicas() + " → " + to + ")");
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
