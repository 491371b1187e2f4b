package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.site.SiteVerdictStep;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.util.Map;

/** {@code k8s.scale}: scales Deployments and StatefulSets to N, to 0, or to the last-known capacity. */
public final class ScaleStepType extends DocumentedStepType {
    static final String NAME = "k8s.scale";

    private static final Schema.Obj PARAMETERS = WorkloadSelection.addTo(
                    Schema.object("Parameters of a k8s.scale step."))
            .required(
                    "replicas",
                    Schema.anyOf(
                            "The count to scale every selected workload to: a number; fromSnapshot (the newest "
                                    + "capacity snapshot of another site of the plan); or {fromSite: SITE} (that site's live counts, else its "
                                    + "newest snapshot).",
                            Schema.integer("A replica count.").min(0),
                            Schema.oneOf(
                                    "The newest capacity snapshot of another site of the plan that holds the workload.",
                                    "fromSnapshot"),
                            Schema.object("Copy another site's counts.")
                                    .required(
                                            "fromSite",
                                            Schema.string(
                                                            "The site to copy from (its snapshot when it does not answer).")
                                                    .noSecrets())))
            .optional(
                    "autoscalers",
                    Schema.oneOf(
                            "What happens to a HorizontalPodAutoscaler of a workload scaled to a new count "
                                    + "(it would clamp the count into its bounds at its next look). adjust: its minReplicas moves to the new count "
                                    + "(maxReplicas up to it when lower), the old bounds recorded in the output autoscalersBefore; not for 0, which "
                                    + "an autoscaler leaves alone. leave: the bounds stay, and the step says what the autoscaler will do to the count.",
                            "adjust",
                            "leave"),
                    "adjust")
            .optional(
                    "waitForRollout",
                    Schema.bool("Whether verify waits until every workload is rolled out at its new count "
                            + "(ready and available); otherwise it only confirms the new counts are set."),
                    true);

    public ScaleStepType() {
        super(
                NAME,
                "Scales Deployments and StatefulSets to a count, to zero, or to the capacity another site had.",
                PARAMETERS,
                """
                id: scale-gasan
                type: k8s.scale
                site: gasan
                timeout: 10m
                with:
                  namespace: chat
                  selector: "tier in (api,ws)"
                  replicas: fromSnapshot
                """);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        SiteRequirement.validate(step, validation);
        WorkloadSelection.validate(step.with()).forEach(e -> validation.error(e[0], e[1]));
        if (step.with().get("replicas") instanceof Map<?, ?> m && m.get("fromSite") instanceof String other) {
            if (step.site().isPresent() && step.site().get().equals(other)) {
                validation.error("replicas.fromSite", "a site cannot copy its own counts; name the other site");
            } else {
                SiteRequirement.checkSite(other, "replicas.fromSite", validation);
            }
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new SiteVerdictStep(new ScaleStep(definition));
    }
}
