package io.drctl.engine.run;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.plan.Plan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run stands according to its journal: which steps are complete (succeeded, skipped for
 * good reason, or failed with onFailure: continue) and the outputs they recorded. A step that
 * started again after completing (e.g. re-run after a plan change) counts by its last record.
 */
record ResumePoint(Set<String> completed, Set<String> skipped, Map<String, Map<String, Object>> outputs) {

    static ResumePoint of(JournalContents journal, Plan plan) {
        Map<String, Boolean> complete = new HashMap<>();
        Map<String, Boolean> skippedLast = new HashMap<>();
        Map<String, Map<String, Object>> outputs = new HashMap<>();
        for (RunEvent e : journal.events()) {
            switch (e) {
                case StepStarted s -> complete.put(s.stepId(), false);
                case StepSucceeded s -> {
                    complete.put(s.stepId(), true);
                    skippedLast.remove(s.stepId());
                    outputs.put(s.stepId(), s.outputs() == null ? Map.of() : s.outputs());
                }
                case StepSkipped s when s.reason() == SkipReason.ALREADY_COMPLETED -> {
                    // says only that an earlier record stands
                }
                case StepSkipped s
                when s.reason() != SkipReason.HALTED -> {
                    complete.put(s.stepId(), true);
                    skippedLast.put(s.stepId(), true);
                }
                case StepFailed f when f.continued() -> complete.put(f.stepId(), true);
                case StepFailed f -> complete.put(f.stepId(), false);
                case RunEvent.StepOverridden o
                when o.action().equals("redo") -> {
                    complete.put(o.stepId(), false);
                    skippedLast.remove(o.stepId());
                }
                default -> {}
            }
        }
        Set<String> done = new HashSet<>();
        plan.steps().forEach(s -> {
            if (Boolean.TRUE.equals(complete.get(s.id()))) {
                done.add(s.id());
            }
        });
        Set<String> skipped = new HashSet<>(done);
        skipped.retainAll(skippedLast.keySet());
        return new ResumePoint(Set.copyOf(done), Set.copyOf(skipped), outputs);
    }
}
