package io.drctl.engine.spi;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import java.time.Duration;

/**
 * A kind of step ({@code wait}, {@code check.http}, {@code k8s.scale}, ...). Implementations
 * are found with {@link java.util.ServiceLoader}: list them in
 * {@code META-INF/services/io.drctl.engine.spi.StepType}. The engine imports no adapter.
 *
 * <p>A step type documents itself: {@link #parameters()} feeds validation and
 * {@code drctl schema}; {@link #summary()}, {@link #documentation()} and {@link #example()}
 * feed the docs a user reads.
 */
public interface StepType {

    /** The name plans use in {@code type:}. */
    String name();

    /** One sentence: what the step does. */
    String summary();

    /** The schema of {@code with}. */
    Schema.Obj parameters();

    /** A complete step entry in YAML, as it would stand under {@code spec.steps}. */
    String example();

    /** Markdown: behaviour of check / apply / verify, outputs, failure modes. */
    String documentation();

    /** The timeout used when a step of this type gives none. */
    default Duration defaultTimeout() {
        return Duration.ofMinutes(10);
    }

    /** What running out of time means for this type: most fail; an approval is a safety gate. */
    default TimeoutMeaning onTimeout() {
        return TimeoutMeaning.FAILED;
    }

    /**
     * Semantic checks across the plan (e.g. {@code database} names an entry of
     * {@code spec.databases}); called after the schema has validated {@code with}.
     */
    default void validate(StepDefinition step, PlanValidation validation) {}

    /** Binds a validated definition into a runnable step. Must not contact any target. */
    Step bind(StepDefinition definition);

    enum TimeoutMeaning {
        FAILED,
        BLOCKED
    }
}
