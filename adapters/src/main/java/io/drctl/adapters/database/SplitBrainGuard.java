package io.drctl.adapters.database;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether promoting a member could leave two primaries taking writes. Each other member is
 * safe (it answered and refuses writes, or it was proven fenced in this run), pending (only in
 * a preview: a fence the promotion needs has not run yet), writable (it answers and accepts
 * writes: only acceptSplitBrainRisk lets a promotion go on), or unknown (it did not answer and
 * no fence was proven: acceptSplitBrainRisk or an approval in between lets it go on).
 */
final class SplitBrainGuard {

    /**
     * {@code pending}: what a preview expects earlier steps to settle (never set in a run).
     * {@code fencesToRedo}: db.fence steps that completed in this run for a member that accepts
     * writes again (un-fenced by hand while the run was stopped): only redoing them helps.
     */
    record Verdict(
            Map<String, String> members,
            List<String> writable,
            List<String> unknown,
            List<String> pending,
            List<String> fencesToRedo) {
        boolean clear() {
            return writable.isEmpty() && unknown.isEmpty();
        }
    }

    private SplitBrainGuard() {}

    static Verdict assess(StepContext ctx, PlanGraph graph, List<OtherMembers.Seen> others) {
        Set<String> before = graph.ancestorsOf(ctx.definition().id());
        boolean preview = Preview.isPreview(ctx);
        Map<String, String> members = new LinkedHashMap<>();
        List<String> writable = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> fencesToRedo = new ArrayList<>();
        for (OtherMembers.Seen seen : others) {
            Member m = seen.member();
            List<StepDefinition> fences = graph.fencesOf(m.database().name(), m.name());
            Optional<FenceRecord> record = FenceRecord.find(ctx, fences);
            Optional<String> pendingFence = preview
                    ? fences.stream()
                            .map(StepDefinition::id)
                            .filter(before::contains)
                            .findFirst()
                    : Optional.empty();
            String text;
            if (seen.answered() && !seen.status().get().writable()) {
                text = seen.status().get().summary()
                        + record.map(r -> "; " + r.describe()).orElse("");
            } else if (seen.answered()) {
                String summary = seen.status().get().summary();
                if (pendingFence.isPresent()) {
                    text = summary + " now; " + pendingFence.get() + " fences it first";
                    pending.add(m.name() + ": " + text);
                } else {
                    text = summary
                            + record.map(r -> ", although " + r.describe())
                                    .orElse(", and no db.fence step fenced it in this run");
                    writable.add(m.name() + " (" + m.address() + ") answers and accepts writes: " + text);
                    fences.stream()
                            .map(StepDefinition::id)
                            .filter(id -> !ctx.outputsOf(id).isEmpty())
                            .findFirst()
                            .ifPresent(fencesToRedo::add);
                }
            } else if (record.isPresent() && record.get().proven()) {
                text = record.get().describe() + "; does not answer now";
            } else {
                text = "does not answer (" + seen.silence() + ")"
                        + record.map(r -> "; " + r.describe())
                                .orElse(pendingFence
                                        .map(f -> "; " + f + " will not be able to prove its fence")
                                        .orElse("; no db.fence step fenced it in this run"));
                unknown.add(m.name() + " " + text);
            }
            members.put(m.name(), text);
        }
        return new Verdict(members, writable, unknown, pending, fencesToRedo);
    }

    /** How a db.fence step of this run ended for a member, from its outputs. */
    record FenceRecord(String stepId, boolean proven) {
        static Optional<FenceRecord> find(StepContext ctx, List<StepDefinition> fences) {
            Optional<FenceRecord> unproven = Optional.empty();
            for (StepDefinition fence : fences) {
                Object outcome = ctx.outputsOf(fence.id()).get(DbFenceStep.OUTPUT_FENCED);
                if (DbFenceStep.PROVEN.equals(outcome)) {
                    return Optional.of(new FenceRecord(fence.id(), true));
                }
                if (DbFenceStep.UNPROVEN.equals(outcome) && unproven.isEmpty()) {
                    unproven = Optional.of(new FenceRecord(fence.id(), false));
                }
            }
            return unproven;
        }

        String describe() {
            return proven ? "fenced by " + stepId + " (proven)" : stepId + " recorded its fence as unproven";
        }
    }
}
