package io.drctl.adapters.database;

import io.drctl.engine.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two guards of a promotion — the lag guard (RPO) and the split-brain guard — applied to what
 * check measured, with what may override them: {@code acceptDataLoss}, {@code acceptSplitBrainRisk}
 * and an approval step in between. The outcome is either a reason to stop, or the notes and
 * outputs that make the record say who accepted what.
 */
final class PromotionGuards {

    sealed interface Outcome {
        /** What the record keeps either way: the measured lag, the limit, what was seen of the others. */
        Map<String, Object> outputs();
    }

    record Stop(String reason, Map<String, Object> outputs) implements Outcome {}

    /**
     * {@code notes}: what check measured and expects, one line each; {@code acceptances}: who
     * accepted which risk, one line each — the live view and the journal show them as progress.
     */
    record Go(List<String> notes, List<String> acceptances, Map<String, Object> outputs) implements Outcome {}

    private PromotionGuards() {}

    /**
     * @param lag how far the standby is behind, or empty when the member is not a standby (a
     *            fenced primary being reopened: there is nothing to lose)
     */
    static Outcome apply(
            StepContext ctx, Member target, Optional<Lag> lag, SplitBrainGuard.Verdict splitBrain, PlanGraph graph) {
        boolean acceptDataLoss = ctx.params().bool("acceptDataLoss", false);
        boolean acceptSplitBrain = ctx.params().bool("acceptSplitBrainRisk", false);
        ApprovalInBetween approval =
                ApprovalInBetween.find(ctx, graph, target.database().name());
        Map<String, Object> outputs = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> acceptances = new ArrayList<>();

        // A member that takes writes comes first: while it does, the lag means nothing (it keeps
        // growing), and its remedy (fence, or redo the fence) must come before anything else.
        if (!splitBrain.writable().isEmpty() && !acceptSplitBrain) {
            outputs.put("otherMembers", splitBrain.members());
            outputs.put("splitBrainRisk", String.join("; ", splitBrain.writable()));
            return new Stop(
                    "split brain: " + String.join("; ", splitBrain.writable()) + ". " + howToFence(ctx, splitBrain)
                            + ", or set acceptSplitBrainRisk: true",
                    outputs);
        }

        if (lag.isPresent()) {
            LagLimit limit = LagLimit.of(ctx.params().raw().get("maxLag"), ctx.plan());
            outputs.putAll(lag.get().outputs());
            outputs.put("maxLag", limit.describe());
            notes.add("lag: " + lag.get().describe() + "; limit " + limit.describe());
            Optional<String> over = limit.exceededBy(lag.get());
            if (over.isPresent()) {
                outputs.put("dataLoss", over.get());
                String by = acceptedBy(acceptDataLoss, "acceptDataLoss: true", approval);
                if (by == null) {
                    return new Stop(
                            target.label()
                                    + (lag.get().isUnknown()
                                            ? " cannot be shown to be within the plan's lag limit: " + over.get()
                                                    + "; promoting now may lose those writes. Set"
                                            : " is further behind than the plan allows: " + over.get()
                                                    + "; promoting now loses that data. Set")
                                    + " acceptDataLoss: true, or put an approval step "
                                    + "between the fence and this step",
                            outputs);
                }
                outputs.put("dataLossAcceptedBy", by);
                acceptances.add("data loss (" + over.get() + ") accepted by " + by);
            }
        }

        outputs.put("otherMembers", splitBrain.members());
        splitBrain.pending().forEach(notes::add);
        if (!splitBrain.writable().isEmpty()) {
            outputs.put("splitBrainRisk", String.join("; ", splitBrain.writable()));
            if (!acceptSplitBrain) {
                return new Stop(
                        "split brain: " + String.join("; ", splitBrain.writable()) + ". " + howToFence(ctx, splitBrain)
                                + ", or set acceptSplitBrainRisk: true",
                        outputs);
            }
            outputs.put("splitBrainRiskAcceptedBy", "acceptSplitBrainRisk: true");
            acceptances.add("split-brain risk accepted by acceptSplitBrainRisk: true: "
                    + String.join("; ", splitBrain.writable()));
        }
        if (!splitBrain.unknown().isEmpty()) {
            outputs.merge("splitBrainRisk", String.join("; ", splitBrain.unknown()), (a, b) -> a + "; " + b);
            String by = acceptedBy(acceptSplitBrain, "acceptSplitBrainRisk: true", approval);
            if (by == null) {
                return new Stop(
                        "cannot rule out a split brain: " + String.join("; ", splitBrain.unknown())
                                + ". Put an approval step between the fence and this step, or set acceptSplitBrainRisk: true",
                        outputs);
            }
            outputs.put("splitBrainRiskAcceptedBy", by);
            acceptances.add("split-brain risk accepted by " + by + ": " + String.join("; ", splitBrain.unknown()));
        }
        return new Go(notes, acceptances, outputs);
    }

    /**
     * What to do about a member that accepts writes: fence it first — or, when this run's fence
     * of it already completed (someone un-fenced it by hand since), redo that fence, naming the
     * exact command with this run's id.
     */
    private static String howToFence(StepContext ctx, SplitBrainGuard.Verdict splitBrain) {
        if (splitBrain.fencesToRedo().isEmpty()) {
            return "Fence it first (a db.fence step this one needs)";
        }
        List<String> commands = splitBrain.fencesToRedo().stream()
                .map(step -> "drctl resume " + ctx.run().runId() + " --redo " + step + " --reason \"...\"")
                .toList();
        return "Its fence completed earlier in this run but no longer holds: fence it again with "
                + String.join(" and ", commands);
    }

    /** Who accepts: the plan's flag, else an approval given in this run, else (in a preview) the approval to come. */
    private static String acceptedBy(boolean flag, String flagText, ApprovalInBetween approval) {
        if (flag) {
            return flagText;
        }
        return switch (approval) {
            case ApprovalInBetween.Given given -> given.describe();
            case ApprovalInBetween.Pending pending -> "approval step " + pending.stepId() + ", if it is given";
            case ApprovalInBetween.None none -> null;
        };
    }
}
