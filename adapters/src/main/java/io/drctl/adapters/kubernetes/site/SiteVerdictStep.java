package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;

/**
 * Wraps every k8s.* step: when a request of the step finds a Kubernetes site unreachable (a
 * timeout or a refused connection, after the probe passed: the half-dead site), the site's
 * {@link Cluster} keeps that verdict for the rest of the run, so the next step (and any request
 * in flight elsewhere) fails at once instead of paying the timeout again.
 */
public final class SiteVerdictStep implements Step {
    private final Step step;

    public SiteVerdictStep(Step step) {
        this.step = step;
    }

    @Override
    public CheckResult check(StepContext ctx) throws Exception {
        try {
            return step.check(ctx);
        } catch (TargetUnreachableException e) {
            throw remember(ctx, e);
        }
    }

    @Override
    public void apply(StepContext ctx) throws Exception {
        try {
            step.apply(ctx);
        } catch (TargetUnreachableException e) {
            throw remember(ctx, e);
        }
    }

    @Override
    public void verify(StepContext ctx) throws Exception {
        try {
            step.verify(ctx);
        } catch (TargetUnreachableException e) {
            throw remember(ctx, e);
        }
    }

    private static TargetUnreachableException remember(StepContext ctx, TargetUnreachableException e) {
        if (SiteSettings.of(ctx.plan(), e.target()).isEmpty()) {
            return e; // not a Kubernetes site of this plan (e.g. a database a step asked)
        }
        try {
            return Cluster.of(ctx, e.target()).remember(e);
        } catch (RuntimeException | StepFailedException ignored) {
            return e;
        }
    }
}
