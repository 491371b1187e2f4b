package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.json.JsonPathExpression;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.site.SiteVerdictStep;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;
import java.util.Map;

/** {@code k8s.wait}: waits for Deployments/StatefulSets (and DaemonSets when named) to be rolled out, or for a JSONPath condition on any resource. */
public final class WaitStepType extends DocumentedStepType {
    static final String NAME = "k8s.wait";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Schema.Obj PARAMETERS = WorkloadSelection.addTo(
                    Schema.object("Parameters of a k8s.wait step."), true)
            .optional(
                    "apiVersion",
                    Schema.string("Condition mode: the resource's apiVersion (e.g. postgresql.cnpg.io/v1).")
                            .noSecrets())
            .optional(
                    "kind",
                    Schema.string("Condition mode: the resource's kind.").noSecrets())
            .optional(
                    "name",
                    Schema.string("Condition mode: the resource's name.").noSecrets())
            .optional(
                    "plural",
                    Schema.string("Condition mode: the plural, when it is not the kind lower-cased and pluralised.")
                            .noSecrets())
            .optional(
                    "namespaced",
                    Schema.bool("Condition mode: whether the kind is namespaced (default: yes, except built-in "
                            + "cluster-scoped kinds)."))
            .optional(
                    "jsonPath",
                    Schema.string("Condition mode: a JSONPath in kubectl's syntax, e.g. "
                                    + "'{.status.conditions[?(@.type==\"Ready\")].status}'.")
                            .noSecrets())
            .optional(
                    "equals",
                    Schema.string("Condition mode: the value the JSONPath must yield (default: any value that is "
                                    + "not empty and not false).")
                            .noSecrets())
            .optional("interval", Schema.duration("How often to look."), DEFAULT_INTERVAL);

    public WaitStepType() {
        super(
                NAME,
                "Waits until Deployments and StatefulSets (and DaemonSets, with kinds: [DaemonSet]) are rolled out as kubectl rollout "
                        + "status judges them, or until a JSONPath condition holds on any resource.",
                PARAMETERS,
                """
                id: gasan-rolled-out
                type: k8s.wait
                site: gasan
                needs: [scale-gasan]
                timeout: 10m
                with:
                  namespace: chat
                  selector: "tier in (api,ws)"
                """);
    }

    static boolean conditionMode(Map<String, Object> with) {
        return with.get("jsonPath") != null;
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        SiteRequirement.validate(step, validation);
        Map<String, Object> with = step.with();
        if (conditionMode(with)) {
            for (String key : new String[] {"apiVersion", "kind", "name"}) {
                if (with.get(key) == null) {
                    validation.error(key, "a condition (jsonPath) needs apiVersion, kind and name");
                }
            }
            for (String key : new String[] {"selector", "names", "namespaces", "kinds"}) {
                if (with.get(key) != null) {
                    validation.error(
                            key, "belongs to rollout mode; a condition (jsonPath) addresses one resource by name");
                }
            }
            try {
                JsonPathExpression.parse((String) with.get("jsonPath"));
            } catch (IllegalArgumentException e) {
                validation.error("jsonPath", e.getMessage());
            }
            return;
        }
        for (String key : new String[] {"apiVersion", "kind", "name", "plural", "namespaced", "equals"}) {
            if (with.get(key) != null) {
                validation.error(
                        key, "belongs to condition mode: give jsonPath too, or leave it out to wait for rollouts");
            }
        }
        WorkloadSelection.validate(with).forEach(e -> validation.error(e[0], e[1]));
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new SiteVerdictStep(
                conditionMode(definition.with()) ? new WaitConditionStep(definition) : new WaitRolloutStep(definition));
    }
}
