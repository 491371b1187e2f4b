package io.drctl.engine.spi;

import io.drctl.engine.plan.Plan;

/** What a step type's {@link StepType#validate} sees: the plan, and a way to report a violation. */
public interface PlanValidation {

    /** The plan being validated (its steps and sections are already schema-valid). */
    Plan plan();

    /**
     * Reports a violation at a parameter: {@code withPath} is relative to the step's
     * {@code with}, e.g. {@code "database"} or {@code "records[1].type"}; the position is
     * resolved to file:line:column by the loader.
     */
    void error(String withPath, String message);
}
