package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.Rollout;
import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.select.Workloads;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.util.List;

/** k8s.wait in rollout mode. */
final class WaitRolloutStep implements Step {
    private final StepDefinition definition;

    WaitRolloutStep(StepDefinition definition) {
        this.definition = definition;
    }

    private List<Workload> find(StepContext ctx, Cluster cluster) throws StepException, InterruptedException {
        WorkloadSelection selection =
                WorkloadSelection.from(ctx.params(), cluster.settings().defaultNamespace());
        List<Workload> found = Workloads.find(cluster.client(), cluster.site(), selection);
        if (found.isEmpty()) {
            throw new StepFailedException(
                    "site " + cluster.site() + ": no " + kindsOf(selection) + " matches " + selection.describe());
        }
        return found;
    }

    private static String kindsOf(WorkloadSelection selection) {
        return String.join(
                " or ", selection.kinds().stream().map(Enum::name).sorted().toList());
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        List<Workload> found = find(ctx, cluster);
        int ready = found.stream().mapToInt(w -> w.rollout().ready()).sum();
        int desired = found.stream().mapToInt(w -> w.rollout().desired()).sum();
        long done = found.stream().filter(w -> w.rollout().done()).count();
        return CheckResult.readOnly(
                "will wait until " + found.size() + " workload" + (found.size() == 1 ? " is" : "s are")
                        + " rolled out on site " + cluster.site() + " (now: " + ready + "/" + desired + " ready, "
                        + done + "/" + found.size()
                        + " rolled out)");
    }

    @Override
    public void apply(StepContext ctx) {}

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        List<Workload> found = find(ctx, cluster);
        found.stream()
                .filter(w -> w.rollout()
                        .daemonSet()
                        .map(Rollout.DaemonSetUpdate::onDelete)
                        .orElse(false))
                .forEach(w -> ctx.progress(
                        w.display() + ": updateStrategy OnDelete, not waited on (its pods take a new template only "
                                + "when deleted)"));
        RolloutWaiter.await(
                ctx, cluster.client(), cluster.site(), found, w -> w.rollout().done());
        ctx.output("workloads", found.stream().map(Workload::key).toList());
    }
}
