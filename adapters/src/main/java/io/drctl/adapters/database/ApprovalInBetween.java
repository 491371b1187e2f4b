package io.drctl.adapters.database;

import io.drctl.engine.spi.StepContext;
import java.util.Map;
import java.util.Set;

/**
 * A person's acceptance of a promotion's risk, given through the plan's DAG: an {@code approval}
 * step that the promotion needs (directly or not) and that itself comes after every db.fence of
 * the same database the promotion needs — so the approver decided knowing how the fence ended.
 */
sealed interface ApprovalInBetween {

    /** Approved in this run by {@code who}; {@code how} e.g. {@code pre-approved with --yes}, or empty. */
    record Given(String stepId, String who, String how) implements ApprovalInBetween {
        String describe() {
            return "approval step " + stepId + " (approved by " + who + (how.isBlank() ? "" : ", " + how) + ")";
        }
    }

    /** Such a step exists but has not run: only in a preview ({@code drctl plan}). */
    record Pending(String stepId) implements ApprovalInBetween {}

    record None() implements ApprovalInBetween {}

    String APPROVAL_TYPE = "approval";

    static ApprovalInBetween find(StepContext ctx, PlanGraph graph, String database) {
        String self = ctx.definition().id();
        Set<String> before = graph.ancestorsOf(self);
        Set<String> fences = graph.fencesAmong(before, database);
        String pending = null;
        for (var step : graph.steps()) {
            if (!before.contains(step.id())
                    || !step.type().equals(APPROVAL_TYPE)
                    || !graph.ancestorsOf(step.id()).containsAll(fences)) {
                continue;
            }
            Map<String, Object> outputs = ctx.outputsOf(step.id());
            if (!outputs.isEmpty()) {
                return new Given(
                        step.id(),
                        String.valueOf(outputs.getOrDefault("approvedBy", "an unnamed approver")),
                        String.valueOf(outputs.getOrDefault("how", "")));
            }
            if (pending == null) {
                pending = step.id();
            }
        }
        return pending != null && Preview.isPreview(ctx) ? new Pending(pending) : new None();
    }
}
