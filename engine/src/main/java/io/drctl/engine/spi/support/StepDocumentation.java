package io.drctl.engine.spi.support;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.schema.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a step type's {@code documentation()} from a Markdown file kept next to its class,
 * with the parameter table generated from {@code parameters()}: the descriptions that feed
 * {@code drctl schema} are written once, so the docs cannot drift from the schema.
 */
public final class StepDocumentation {
    /** The line in a Markdown template that is replaced by the generated parameter table. */
    public static final String PARAMETERS_PLACEHOLDER = "{{parameters}}";

    private StepDocumentation() {}

    /**
     * Reads the class-path resource {@code resource} (relative to {@code owner}'s package) and
     * replaces {@value #PARAMETERS_PLACEHOLDER} with {@link #parameterTable(Schema.Obj)}.
     */
    public static String fromResource(Class<?> owner, String resource, Schema.Obj parameters) {
        String template = readResource(owner, resource);
        if (!template.contains(PARAMETERS_PLACEHOLDER)) {
            throw new IllegalStateException(resource + " has no " + PARAMETERS_PLACEHOLDER + " line");
        }
        return template.replace(
                PARAMETERS_PLACEHOLDER, parameterTable(parameters).stripTrailing());
    }

    /** A Markdown table: parameter, type, default (or required), description. */
    public static String parameterTable(Schema.Obj parameters) {
        StringBuilder b = new StringBuilder("| Parameter | Type | Default | Description |\n|---|---|---|---|\n");
        for (Schema.Property p : parameters.properties().values()) {
            String defaultText = p.required()
                    ? "**required**"
                    : p.defaultValue().map(v -> "`" + valueText(v) + "`").orElse("—");
            b.append("| `")
                    .append(p.name())
                    .append("` | ")
                    .append(cell(typeText(p.schema())))
                    .append(" | ")
                    .append(cell(defaultText))
                    .append(" | ")
                    .append(cell(p.schema().description()))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** How a schema reads in prose, e.g. {@code list of string, at least 1}. */
    static String typeText(Schema schema) {
        return switch (schema) {
            case Schema.Str s -> s.secretsAllowed() ? "string (secret references allowed)" : "string";
            case Schema.Int i -> "integer" + bounds(i);
            case Schema.Bool ignored -> "boolean";
            case Schema.Dur ignored -> "duration";
            case Schema.Enum e -> e.values().stream().map(v -> "`" + v + "`").collect(Collectors.joining(" | "));
            case Schema.Arr a ->
                "list of " + typeText(a.items()) + (a.minItems() > 0 ? ", at least " + a.minItems() : "");
            case Schema.Obj ignored -> "object";
            case Schema.MapOf m -> "map of " + typeText(m.values());
            case Schema.AnyOf any ->
                any.alternatives().stream().map(StepDocumentation::typeText).collect(Collectors.joining(" or "));
            case Schema.Any ignored -> "any value";
        };
    }

    private static String bounds(Schema.Int i) {
        if (i.min().isPresent() && i.max().isPresent()) {
            return " " + i.min().get() + "–" + i.max().get();
        }
        return i.min().map(v -> " ≥ " + v).orElse("")
                + i.max().map(v -> " ≤ " + v).orElse("");
    }

    private static String valueText(Object value) {
        return switch (value) {
            case Duration d -> DurationText.canonical(d);
            case List<?> list ->
                list.stream().map(StepDocumentation::valueText).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> map -> map.isEmpty() ? "{}" : map.toString();
            default -> String.valueOf(value);
        };
    }

    /** Table cells cannot hold a raw pipe or a line break. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String readResource(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing documentation resource " + resource + " next to " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
