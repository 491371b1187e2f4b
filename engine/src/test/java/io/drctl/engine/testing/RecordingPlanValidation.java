package io.drctl.engine.testing;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.PlanValidation;
import java.util.ArrayList;
import java.util.List;

/** A {@link PlanValidation} that records the violations a step type reports, as {@code "path: message"}. */
public final class RecordingPlanValidation implements PlanValidation {
    private final Plan plan;
    private final List<String> errors = new ArrayList<>();

    public RecordingPlanValidation(Plan plan) {
        this.plan = plan;
    }

    public RecordingPlanValidation() {
        this(null);
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public void error(String withPath, String message) {
        errors.add(withPath + ": " + message);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }
}
