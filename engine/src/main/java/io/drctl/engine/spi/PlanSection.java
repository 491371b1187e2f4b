package io.drctl.engine.spi;

import io.drctl.engine.schema.Schema;

/**
 * A part of {@code spec} that an adapter adds to the language ({@code databases}, {@code dns},
 * {@code notify}, {@code state}, ...), registered through {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.drctl.engine.spi.PlanSection}. The loader validates it with
 * {@link #schema()} and keeps the converted value in {@code Plan.sections()}; the core parser
 * is never edited to add one.
 */
public interface PlanSection {

    /** The key under {@code spec}. */
    String name();

    Schema schema();

    /**
     * Semantic checks across the plan, after the schema has passed (e.g. every database member
     * names a site). Paths given to {@link PlanValidation#error} are relative to the section.
     */
    default void validate(Object value, PlanValidation validation) {}
}
