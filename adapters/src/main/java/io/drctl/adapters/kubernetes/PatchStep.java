package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.json.KubernetesJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.drctl.adapters.kubernetes.json.JsonChanges;
import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;

/** One bound k8s.patch: check computes each resource's result locally and shows the fields that change. */
final class PatchStep implements Step {
    private final StepDefinition definition;
    private final List<GenericKubernetesResource> toPatch = new ArrayList<>();

    PatchStep(StepDefinition definition) {
        this.definition = definition;
    }

    private boolean json(StepContext ctx) {
        return "json".equals(ctx.params().raw().get("type"));
    }

    private JsonNode patch(StepContext ctx) {
        return KubernetesJson.tree(ctx.params().raw().get("patch"));
    }

    private List<String> changesOf(StepContext ctx, GenericKubernetesResource r) throws StepFailedException {
        JsonNode current = KubernetesJson.tree(r);
        JsonNode patched;
        try {
            patched = json(ctx) ? JsonPatch.apply(patch(ctx), current) : JsonChanges.mergePatch(current, patch(ctx));
        } catch (RuntimeException e) {
            throw new StepFailedException("the patch does not apply to " + ResourceAddress.display(r) + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return JsonChanges.between(current, patched);
    }

    @Override
    public CheckResult check(StepContext ctx) throws StepException {
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster.settings().defaultNamespace());
        List<GenericKubernetesResource> found = address.find(cluster.client(), site);
        if (found.isEmpty()) {
            throw new StepFailedException("site " + site + ": no " + address.display());
        }
        toPatch.clear();
        List<String> changes = new ArrayList<>();
        for (GenericKubernetesResource r : found) {
            List<String> c = changesOf(ctx, r);
            if (!c.isEmpty()) {
                toPatch.add(r);
                c.forEach(line -> changes.add(ResourceAddress.display(r) + ": " + line));
            }
        }
        ctx.output("patched", toPatch.stream().map(ResourceAddress::display).toList());
        if (changes.isEmpty()) {
            return CheckResult.alreadyDone(found.size() == 1 ? ResourceAddress.display(found.get(0)) + " already has what the patch says"
                    : found.size() + " resources already have what the patch says");
        }
        return new CheckResult.WillChange("patch " + toPatch.size() + " resource" + (toPatch.size() == 1 ? "" : "s") + " on site " + site,
                changes);
    }

    @Override
    public void apply(StepContext ctx) throws StepException {
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        KubernetesClient client = cluster.client();
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster.settings().defaultNamespace());
        String body = patch(ctx).toString();
        for (GenericKubernetesResource r : toPatch) {
            try {
                address.one(client, r).patch(PatchContext.of(json(ctx) ? PatchType.JSON : PatchType.JSON_MERGE), body);
            } catch (RuntimeException e) {
                throw ApiFailures.translate(site, "patching " + ResourceAddress.display(r), e);
            }
            ctx.progress("patched " + ResourceAddress.display(r));
        }
    }

    @Override
    public void verify(StepContext ctx) throws StepException {
        if (json(ctx)) {
            return; // a JSON patch (e.g. remove) need not apply twice; the API server's answer to apply is the proof
        }
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster.settings().defaultNamespace());
        for (GenericKubernetesResource r : address.find(cluster.client(), site)) {
            List<String> left = changesOf(ctx, r);
            if (!left.isEmpty()) {
                throw new StepFailedException(ResourceAddress.display(r) + " does not hold the patch (something changed it back?): "
                        + String.join("; ", left));
            }
        }
    }
}
