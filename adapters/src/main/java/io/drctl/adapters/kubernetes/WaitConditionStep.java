package io.drctl.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.drctl.adapters.kubernetes.json.JsonPathExpression;
import io.drctl.adapters.kubernetes.json.KubernetesJson;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** k8s.wait in condition mode: a JSONPath on one resource until it yields the expected value. */
final class WaitConditionStep implements Step {
    private final StepDefinition definition;

    WaitConditionStep(StepDefinition definition) {
        this.definition = definition;
    }

    /** What the path yields now, or empty when the resource does not exist. */
    private Optional<String> observe(StepContext ctx, Cluster cluster, ResourceAddress address, JsonPathExpression path)
            throws StepException {
        List<GenericKubernetesResource> found = address.find(cluster.client(), cluster.site());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode json = KubernetesJson.tree(found.get(0));
        return Optional.of(path.evaluateText(json));
    }

    private static boolean holds(Optional<String> value, Optional<String> expected) {
        if (value.isEmpty()) {
            return false;
        }
        return expected.map(e -> e.equals(value.get()))
                .orElse(!value.get().isEmpty() && !value.get().equals("false"));
    }

    private static String show(Optional<String> v) {
        return v.map(s -> s.isEmpty() ? "(nothing)" : "\"" + s + "\"").orElse("(no such resource)");
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster);
        JsonPathExpression path = JsonPathExpression.parse(ctx.params().string("jsonPath"));
        Optional<String> expected = ctx.params().optionalString("equals");
        Optional<String> now = observe(ctx, cluster, address, path);
        return CheckResult.readOnly("will wait until " + path.text() + " of " + address.display() + " is "
                + expected.map(e -> "\"" + e + "\"").orElse("set") + " (now: " + show(now) + ")");
    }

    @Override
    public void apply(StepContext ctx) {}

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Cluster cluster = Cluster.of(ctx, SiteRequirement.siteOf(definition));
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster);
        JsonPathExpression path = JsonPathExpression.parse(ctx.params().string("jsonPath"));
        Optional<String> expected = ctx.params().optionalString("equals");
        Duration interval = ctx.params().duration("interval", WaitStepType.DEFAULT_INTERVAL);
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, Duration.ofSeconds(1));
        while (true) {
            Optional<String> now = observe(ctx, cluster, address, path);
            if (holds(now, expected)) {
                progress.offer(path.text() + " is " + show(now));
                progress.flush();
                ctx.output("value", now.get());
                return;
            }
            progress.offer(path.text() + " is " + show(now) + ", waiting for "
                    + expected.map(e -> "\"" + e + "\"").orElse("a value"));
            if (Instant.now().plus(interval).plusMillis(300).isAfter(ctx.deadline())) {
                progress.flush();
                throw new StepFailedException(
                        "site " + cluster.site() + ": " + path.text() + " of " + address.display() + " was " + show(now)
                                + ", not " + expected.map(e -> "\"" + e + "\"").orElse("set") + ", at the deadline");
            }
            Thread.sleep(interval);
        }
    }
}
