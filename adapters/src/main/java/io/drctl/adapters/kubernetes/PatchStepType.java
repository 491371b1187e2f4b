package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.site.SiteVerdictStep;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.util.List;
import java.util.Map;

/** {@code k8s.patch}: a JSON merge patch or JSON patch of any resource, custom resources included. */
public final class PatchStepType extends DocumentedStepType {
    static final String NAME = "k8s.patch";

    private static final Schema.Obj PARAMETERS = ResourceAddress.addTo(
                    Schema.object("Parameters of a k8s.patch step."), true)
            .optional(
                    "type",
                    Schema.oneOf(
                            "merge: a JSON merge patch (RFC 7386: objects merge, null removes); json: a JSON "
                                    + "patch (RFC 6902: a list of operations); apply: server-side apply with field manager drctl (the patch is "
                                    + "the fields drctl owns; apiVersion, kind and name are added).",
                            "merge",
                            "json",
                            "apply"),
                    "merge")
            .optional(
                    "force",
                    Schema.bool("apply only: take fields another field manager owns (a conflict fails the step "
                            + "otherwise, naming the managers)."),
                    false)
            .required(
                    "patch",
                    Schema.any("The patch: an object (merge) or a list of {op, path, value} operations (json)."));

    public PatchStepType() {
        super(
                NAME,
                "Applies a JSON merge patch or JSON patch to any resource, custom resources included.",
                PARAMETERS,
                """
                id: make-gasan-db-primary
                type: k8s.patch
                site: gasan
                with:
                  apiVersion: postgresql.cnpg.io/v1
                  kind: Cluster
                  namespace: chat
                  name: chat-db
                  patch:
                    spec:
                      replica:
                        enabled: false
                """);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        SiteRequirement.validate(step, validation);
        ResourceAddress.validate(step.with(), true).forEach(e -> validation.error(e[0], e[1]));
        Object patch = step.with().get("patch");
        if ("json".equals(step.with().get("type"))) {
            if (!(patch instanceof List<?> ops)) {
                validation.error(
                        "patch",
                        "a json patch is a list of operations, e.g. [{op: replace, path: /spec/replicas, value: 3}]");
            } else {
                for (int i = 0; i < ops.size(); i++) {
                    if (!(ops.get(i) instanceof Map<?, ?> op)
                            || !(op.get("op") instanceof String)
                            || !(op.get("path") instanceof String)) {
                        validation.error("patch[" + i + "]", "an operation needs op and path");
                    }
                }
            }
        } else if (Boolean.TRUE.equals(step.with().get("force"))
                && !"apply".equals(step.with().get("type"))) {
            validation.error("force", "is for type: apply (server-side apply conflicts)");
        } else if (!(patch instanceof Map<?, ?>)) {
            validation.error("patch", "a merge patch is an object, e.g. {spec: {replicas: 3}}");
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new SiteVerdictStep(new PatchStep(definition));
    }
}
