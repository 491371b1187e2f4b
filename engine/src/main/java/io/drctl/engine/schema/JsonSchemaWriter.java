package io.drctl.engine.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.spi.Language;

/**
 * The JSON Schema (draft 2020-12) of the plan language as this process knows it, for editors
 * to complete and check plans with ({@code drctl schema}). It is written from the same
 * {@link Schema} descriptions the loader validates with, so the two cannot drift apart.
 *
 * <p>The output is deterministic: keys in declaration order, step types, sections and facets
 * sorted by name, {@code \n} line ends. A checked-in copy is compared against it.
 */
public final class JsonSchemaWriter {
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    public static final String ID = "https://drctl.io/schemas/plan-v1.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemaWriter() {}

    public static ObjectNode planSchema(Language language) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", DIALECT);
        root.put("$id", ID);
        root.put("title", "drctl recovery plan (" + PlanSchema.API_VERSION + ")");
        root.setAll(new SchemaToJson(language, JSON).write(PlanSchema.plan(language)));
        return root;
    }

    /** {@link #planSchema} as pretty-printed text with two-space indents and a trailing newline. */
    public static String planSchemaText(Language language) {
        DefaultIndenter newlines = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(newlines);
        printer.indentArraysWith(newlines);
        try {
            return JSON.writer(printer).writeValueAsString(planSchema(language)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always serializes", e);
        }
    }
}
