package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.LabelSelector;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.site.SiteVerdictStep;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;
import java.util.List;

/** {@code k8s.drain}: cordons nodes and evicts their pods with kubectl drain semantics, or scales their workloads to zero. */
public final class DrainStepType extends DocumentedStepType {
    static final String NAME = "k8s.drain";
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    /** The parameters that choose workloads (mode scaleToZero). */
    static final List<String> SELECTION = List.of("namespace", "namespaces", "selector", "names", "kinds");

    private static final Schema.Obj PARAMETERS = WorkloadSelection.addTo(
                    Schema.object("Parameters of a k8s.drain step."))
            .optional(
                    "nodes",
                    Schema.array(
                                    "The nodes to drain, by name.",
                                    Schema.string("A node name.").noSecrets())
                            .minItems(1))
            .optional(
                    "nodeSelector",
                    Schema.string("A label selector for the nodes to drain (equality and set-based), e.g. "
                                    + "'topology.kubernetes.io/zone in (pangyo-a,pangyo-b)'.")
                            .noSecrets())
            .optional(
                    "mode",
                    Schema.oneOf(
                            "evict: evict the nodes' pods through the Eviction API (PodDisruptionBudgets "
                                    + "honoured); scaleToZero: cordon the nodes and scale workloads to 0 instead — every workload the "
                                    + "selector (or names) selects, wherever its pods are; without one, the Deployments and StatefulSets "
                                    + "whose pods run on the nodes when the step looks.",
                            "evict",
                            "scaleToZero"),
                    "evict")
            .optional("force", Schema.bool("Also evict pods no controller manages (they will not come back)."), false)
            .optional(
                    "deleteEmptyDirData",
                    Schema.bool("Also evict pods with emptyDir volumes (their data is lost)."),
                    false)
            .optional(
                    "gracePeriod", Schema.duration("The grace period each evicted pod gets (default: the pod's own)."))
            .optional(
                    "skipWaitForDeleteTimeout",
                    Schema.duration("Pods whose deletion has been pending longer than this are "
                            + "not waited for (as kubectl drain --skip-wait-for-delete-timeout): the dead-kubelet case, where pods stay "
                            + "Terminating forever. Without it the step waits for every terminating pod to be gone."))
            .optional(
                    "parallelism",
                    Schema.integer("How many eviction requests may be under way at once (a pod waiting for its "
                                    + "PodDisruptionBudget does not hold one).")
                            .min(1)
                            .max(100),
                    5L)
            .optional(
                    "disableEviction",
                    Schema.bool("Delete pods instead of evicting them, for clusters without the Eviction API "
                            + "(as kubectl drain --disable-eviction): PodDisruptionBudgets are NOT consulted."),
                    false);

    public DrainStepType() {
        super(
                NAME,
                "Cordons nodes and evicts their pods with kubectl drain semantics (PodDisruptionBudgets honoured).",
                PARAMETERS,
                """
                id: drain-pangyo
                type: k8s.drain
                site: pangyo
                ifUnreachable: skip
                timeout: 15m
                with:
                  nodeSelector: "topology.kubernetes.io/zone in (pangyo-a,pangyo-b)"
                  deleteEmptyDirData: true
                  parallelism: 10
                """);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(15);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        SiteRequirement.validate(step, validation);
        boolean names = step.with().get("nodes") != null;
        boolean selector = step.with().get("nodeSelector") != null;
        if (!names && !selector) {
            validation.error(
                    "nodeSelector", "give nodes or a nodeSelector: a drain never takes every node by accident");
        }
        if (Boolean.TRUE.equals(step.with().get("disableEviction"))
                && "scaleToZero".equals(step.with().get("mode"))) {
            validation.error("disableEviction", "is for mode evict: scaleToZero evicts nothing");
        }
        boolean selectsWorkloads = SELECTION.stream().anyMatch(p -> step.with().get(p) != null);
        if (selectsWorkloads && !"scaleToZero".equals(step.with().get("mode"))) {
            validation.error(
                    "selector",
                    "namespace, selector, names and kinds choose the workloads mode: scaleToZero scales; "
                            + "an evicting drain takes every pod on its nodes");
        } else if (selectsWorkloads) {
            for (String[] error : WorkloadSelection.validate(step.with())) {
                validation.error(error[0], error[1]);
            }
        }
        if (step.with().get("nodeSelector") instanceof String s) {
            try {
                if (LabelSelector.parse(s).isEmpty()) {
                    validation.error("nodeSelector", "an empty selector would drain every node");
                }
            } catch (LabelSelector.InvalidSelectorException e) {
                validation.error("nodeSelector", e.getMessage());
            }
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new SiteVerdictStep(new DrainStep(definition));
    }
}
