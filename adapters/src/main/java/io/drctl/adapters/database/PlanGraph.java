package io.drctl.adapters.database;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The plan's steps as a graph of needs: which steps must have succeeded before a given one. */
final class PlanGraph {
    private final Plan plan;

    PlanGraph(Plan plan) {
        this.plan = plan;
    }

    /** Every step {@code stepId} needs, directly or through other steps. */
    Set<String> ancestorsOf(String stepId) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(needsOf(stepId));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(needsOf(next));
            }
        }
        return seen;
    }

    /** The db.fence steps of the plan that fence {@code member} of {@code database}, in plan order. */
    List<StepDefinition> fencesOf(String database, String member) {
        return plan.steps().stream()
                .filter(s -> s.type().equals(DbFenceStepType.NAME))
                .filter(s -> database.equals(s.with().get("database"))
                        && member.equals(s.with().get("member")))
                .toList();
    }

    /** The db.fence steps of {@code database} among {@code stepIds}. */
    Set<String> fencesAmong(Set<String> stepIds, String database) {
        Set<String> out = new LinkedHashSet<>();
        for (StepDefinition s : plan.steps()) {
            if (stepIds.contains(s.id())
                    && s.type().equals(DbFenceStepType.NAME)
                    && database.equals(s.with().get("database"))) {
                out.add(s.id());
            }
        }
        return out;
    }

    String typeOf(String stepId) {
        return plan.step(stepId).map(StepDefinition::type).orElse("");
    }

    List<StepDefinition> steps() {
        return plan.steps();
    }

    private List<String> needsOf(String stepId) {
        return plan.step(stepId).map(StepDefinition::needs).orElse(List.of()).stream()
                .filter(Objects::nonNull)
                .toList();
    }
}
