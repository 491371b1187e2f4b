package io.drctl.engine.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Translates one {@link Schema} into its JSON Schema form; {@link PlanSchema#STEP_ENTRY} becomes one branch per step type. */
final class SchemaToJson {
    /** What {@link DurationText#parse} accepts, anchored as JSON Schema patterns are not. */
    static final String DURATION_PATTERN = "^" + DurationText.SYNTAX + "$";

    private final Language language;
    private final ObjectMapper json;

    SchemaToJson(Language language, ObjectMapper json) {
        this.language = language;
        this.json = json;
    }

    ObjectNode write(Schema schema) {
        if (schema == PlanSchema.STEP_ENTRY) {
            return step();
        }
        ObjectNode out = json.createObjectNode();
        if (schema.description() != null && !schema.description().isEmpty()) {
            out.put("description", schema.description());
        }
        switch (schema) {
            case Schema.Str s -> {
                out.put("type", "string");
                s.pattern().ifPresent(p -> out.put("pattern", anchored(p)));
                s.format().ifPresent(f -> out.put("format", f));
            }
            case Schema.Int i -> {
                out.put("type", "integer");
                i.min().ifPresent(v -> out.put("minimum", v));
                i.max().ifPresent(v -> out.put("maximum", v));
            }
            case Schema.Bool b -> out.put("type", "boolean");
            case Schema.Dur d -> {
                out.put("type", "string");
                out.put("pattern", DURATION_PATTERN);
                out.putArray("examples").add("500ms").add("30s").add("5m").add("1h30m");
            }
            case Schema.Enum e -> {
                out.put("type", "string");
                ArrayNode values = out.putArray("enum");
                e.values().forEach(values::add);
            }
            case Schema.Arr a -> {
                out.put("type", "array");
                out.set("items", write(a.items()));
                if (a.minItems() > 0) {
                    out.put("minItems", a.minItems());
                }
            }
            case Schema.Obj o -> object(o, out);
            case Schema.MapOf m -> {
                out.put("type", "object");
                m.keyPattern().ifPresent(p -> out.putObject("propertyNames").put("pattern", anchored(p)));
                out.set("additionalProperties", write(m.values()));
            }
            case Schema.AnyOf a -> {
                ArrayNode alternatives = out.putArray("anyOf");
                a.alternatives().forEach(alt -> alternatives.add(write(alt)));
            }
            case Schema.Any a -> {
                // Any JSON value: no constraint beyond the description.
            }
        }
        return out;
    }

    private void object(Schema.Obj o, ObjectNode out) {
        out.put("type", "object");
        ObjectNode properties = out.putObject("properties");
        ArrayNode required = json.createArrayNode();
        for (Schema.Property p : o.properties().values()) {
            ObjectNode property = write(p.schema());
            p.defaultValue().ifPresent(d -> property.set("default", value(d)));
            properties.set(p.name(), property);
            if (p.required()) {
                required.add(p.name());
            }
        }
        if (!required.isEmpty()) {
            out.set("required", required);
        }
        out.put("additionalProperties", false);
    }

    /**
     * A step: the core fields with {@code type} as an enum of the registered names, then one
     * {@code if type is X then with is X's parameters} per type.
     */
    private ObjectNode step() {
        List<String> names = List.copyOf(language.stepTypes().keySet());
        Schema type = names.isEmpty()
                ? PlanSchema.stepTypeName()
                : new Schema.Enum(PlanSchema.stepTypeName().description(), names);
        Schema with = Schema.any("The step type's parameters: see the branch for the step's type.");
        ObjectNode out = write(PlanSchema.step(type, with));
        out.put("description", PlanSchema.STEP_ENTRY.description());
        if (names.isEmpty()) {
            return out;
        }
        ArrayNode branches = out.putArray("allOf");
        for (Map.Entry<String, StepType> entry : language.stepTypes().entrySet()) {
            Schema.Obj parameters = entry.getValue().parameters();
            ObjectNode branch = branches.addObject();
            ObjectNode condition = branch.putObject("if");
            condition.putObject("properties").putObject("type").put("const", entry.getKey());
            condition.putArray("required").add("type");
            ObjectNode then = branch.putObject("then");
            ObjectNode withSchema = json.createObjectNode();
            withSchema.put("title", entry.getKey());
            if (entry.getValue().summary() != null) {
                withSchema.put("description", entry.getValue().summary());
            }
            write(parameters).properties().forEach(field -> {
                if (!field.getKey().equals("description")) {
                    withSchema.set(field.getKey(), field.getValue());
                }
            });
            then.putObject("properties").set("with", withSchema);
            if (parameters.properties().values().stream().anyMatch(Schema.Property::required)) {
                then.putArray("required").add("with");
            }
        }
        return out;
    }

    private JsonNode value(Object value) {
        return switch (value) {
            case Duration d -> json.getNodeFactory().textNode(DurationText.canonical(d));
            case Map<?, ?> m -> {
                ObjectNode out = json.createObjectNode();
                m.forEach((k, v) -> out.set(String.valueOf(k), value(v)));
                yield out;
            }
            case List<?> l -> {
                ArrayNode out = json.createArrayNode();
                l.forEach(v -> out.add(value(v)));
                yield out;
            }
            default -> json.valueToTree(value);
        };
    }

    /** Schema patterns match the whole value (as the loader does); JSON Schema's only search, so anchor them. */
    static String anchored(String pattern) {
        return pattern.startsWith("^") && pattern.endsWith("$") ? pattern : "^(?:" + pattern + ")$";
    }
}
