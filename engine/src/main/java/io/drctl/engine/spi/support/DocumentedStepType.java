package io.drctl.engine.spi.support;

import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.StepType;

/**
 * The self-description every step type carries — name, summary, parameters, example — held once,
 * with {@code documentation()} read from {@code <name>.md} next to the class (its parameter
 * table generated from the schema). Subclasses add only behaviour: bind, validate, timeouts.
 */
public abstract class DocumentedStepType implements StepType {
    private final String name;
    private final String summary;
    private final Schema.Obj parameters;
    private final String example;

    protected DocumentedStepType(String name, String summary, Schema.Obj parameters, String example) {
        this.name = name;
        this.summary = summary;
        this.parameters = parameters;
        this.example = example;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final Schema.Obj parameters() {
        return parameters;
    }

    @Override
    public final String example() {
        return example;
    }

    @Override
    public String documentation() {
        return StepDocumentation.fromResource(getClass(), name + ".md", parameters);
    }
}
