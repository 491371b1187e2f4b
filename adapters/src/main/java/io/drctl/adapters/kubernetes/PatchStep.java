package io.drctl.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.adapters.kubernetes.json.JsonChanges;
import io.drctl.adapters.kubernetes.json.KubernetesJson;
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
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;

/** One bound k8s.patch: check computes each resource's result locally and shows the fields that change. */
final class PatchStep implements Step {
    private final StepDefinition definition;
    static final String FIELD_MANAGER = "drctl";
    private final List<GenericKubernetesResource> toPatch = new ArrayList<>();

    PatchStep(StepDefinition definition) {
        this.definition = definition;
    }

    private boolean json(StepContext ctx) {
        return "json".equals(ctx.params().raw().get("type"));
    }

    private boolean serverSideApply(StepContext ctx) {
        return "apply".equals(ctx.params().raw().get("type"));
    }

    /**
     * What is sent: the patch, or for server-side apply the patch as a whole object of drctl's
     * fields (apiVersion, kind, name and namespace added), under field manager {@code drctl}.
     */
    private static PatchContext context(StepContext ctx, boolean json, boolean apply) {
        if (apply) {
            return new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager(FIELD_MANAGER)
                    .withForce(ctx.params().raw().get("force") == Boolean.TRUE)
                    .build();
        }
        return PatchContext.of(json ? PatchType.JSON : PatchType.JSON_MERGE);
    }

    private static String applyBody(JsonNode patch, GenericKubernetesResource r) {
        ObjectNode body = patch.deepCopy();
        body.put("apiVersion", r.getApiVersion());
        body.put("kind", r.getKind());
        ObjectNode metadata = body.withObjectProperty("metadata");
        metadata.put("name", r.getMetadata().getName());
        if (r.getMetadata().getNamespace() != null) {
            metadata.put("namespace", r.getMetadata().getNamespace());
        }
        return body.toString();
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
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster);
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
            return CheckResult.alreadyDone(
                    found.size() == 1
                            ? ResourceAddress.display(found.get(0)) + " already has what the patch says"
                            : found.size() + " resources already have what the patch says");
        }
        return new CheckResult.WillChange(
                "patch " + toPatch.size() + " resource" + (toPatch.size() == 1 ? "" : "s") + " on site " + site,
                changes);
    }

    @Override
    public void apply(StepContext ctx) throws StepException {
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        KubernetesClient client = cluster.client();
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster);
        for (GenericKubernetesResource r : toPatch) {
            String body =
                    serverSideApply(ctx) ? applyBody(patch(ctx), r) : patch(ctx).toString();
            try {
                address.one(client, r).patch(context(ctx, json(ctx), serverSideApply(ctx)), body);
            } catch (KubernetesClientException e) {
                if (serverSideApply(ctx) && e.getCode() == 409) {
                    throw new StepFailedException(
                            "site " + site + ": server-side apply of " + ResourceAddress.display(r)
                                    + " conflicts with another field manager: " + conflict(e)
                                    + "; take the fields with force: true, "
                                    + "or leave them to their owner");
                }
                throw ApiFailures.translateWrite(site, "patching " + ResourceAddress.display(r), e);
            } catch (RuntimeException e) {
                throw ApiFailures.translateWrite(site, "patching " + ResourceAddress.display(r), e);
            }
            ctx.progress("patched " + ResourceAddress.display(r));
        }
    }

    private static String conflict(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage()).lines().findFirst().orElse("409");
    }

    @Override
    public void verify(StepContext ctx) throws StepException {
        if (json(ctx)) {
            return; // a JSON patch (e.g. remove) need not apply twice; the API server's answer to apply is the proof
        }
        String site = SiteRequirement.siteOf(definition);
        Cluster cluster = Cluster.of(ctx, site);
        ResourceAddress address = ResourceAddress.from(ctx.params(), cluster);
        for (GenericKubernetesResource r : address.find(cluster.client(), site)) {
            List<String> left = changesOf(ctx, r);
            if (!left.isEmpty()) {
                throw new StepFailedException(ResourceAddress.display(r)
                        + " does not hold the patch (something changed it back?): " + String.join("; ", left));
            }
        }
    }
}
