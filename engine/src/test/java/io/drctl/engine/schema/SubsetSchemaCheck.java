package io.drctl.engine.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the part of JSON Schema 2020-12 that {@link JsonSchemaWriter}
 * emits, so tests can show a plan matches its schema without a validator dependency. A keyword
 * outside that part fails loudly: the writer must not emit what nothing here checks.
 */
final class SubsetSchemaCheck {
    private static final Set<String> ANNOTATIONS =
            Set.of("$schema", "$id", "title", "description", "default", "examples", "format");

    private final List<String> errors = new ArrayList<>();

    static List<String> errors(JsonNode schema, JsonNode value) {
        SubsetSchemaCheck check = new SubsetSchemaCheck();
        check.check(schema, value, "");
        return check.errors;
    }

    private boolean check(JsonNode schema, JsonNode value, String at) {
        int before = errors.size();
        for (Map.Entry<String, JsonNode> f : schema.properties()) {
            JsonNode k = f.getValue();
            switch (f.getKey()) {
                case "type" -> type(k.asText(), value, at);
                case "enum" -> {
                    boolean found = false;
                    for (JsonNode option : k) {
                        found |= option.equals(value);
                    }
                    if (!found) {
                        errors.add(at + ": " + value + " is not in " + k);
                    }
                }
                case "const" -> {
                    if (!k.equals(value)) {
                        errors.add(at + ": " + value + " is not " + k);
                    }
                }
                case "pattern" -> {
                    if (value.isTextual()
                            && !Pattern.compile(k.asText())
                                    .matcher(value.asText())
                                    .find()) {
                        errors.add(at + ": '" + value.asText() + "' does not match " + k.asText());
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && value.asLong() < k.asLong()) {
                        errors.add(at + ": " + value + " < " + k);
                    }
                }
                case "maximum" -> {
                    if (value.isNumber() && value.asLong() > k.asLong()) {
                        errors.add(at + ": " + value + " > " + k);
                    }
                }
                case "minItems" -> {
                    if (value.isArray() && value.size() < k.asInt()) {
                        errors.add(at + ": fewer than " + k + " items");
                    }
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            check(k, value.get(i), at + "/" + i);
                        }
                    }
                }
                case "properties" -> {
                    if (value.isObject()) {
                        k.properties().forEach(p -> {
                            if (value.has(p.getKey())) {
                                check(p.getValue(), value.get(p.getKey()), at + "/" + p.getKey());
                            }
                        });
                    }
                }
                case "required" -> {
                    if (value.isObject()) {
                        k.forEach(name -> {
                            if (!value.has(name.asText())) {
                                errors.add(at + ": missing " + name.asText());
                            }
                        });
                    }
                }
                case "additionalProperties" -> {
                    if (value.isObject()) {
                        JsonNode declared = schema.path("properties");
                        value.properties().forEach(p -> {
                            if (declared.has(p.getKey())) {
                                return;
                            }
                            if (k.isBoolean() && !k.asBoolean()) {
                                errors.add(at + ": unknown property " + p.getKey());
                            } else if (k.isObject()) {
                                check(k, p.getValue(), at + "/" + p.getKey());
                            }
                        });
                    }
                }
                case "propertyNames" -> {
                    if (value.isObject()) {
                        value.fieldNames()
                                .forEachRemaining(name -> check(
                                        k,
                                        com.fasterxml.jackson.databind.node.TextNode.valueOf(name),
                                        at + "/" + name + "(name)"));
                    }
                }
                case "anyOf" -> {
                    boolean any = false;
                    for (JsonNode alternative : k) {
                        any |= SubsetSchemaCheck.errors(alternative, value).isEmpty();
                    }
                    if (!any) {
                        errors.add(at + ": matches no alternative of anyOf");
                    }
                }
                case "allOf" -> k.forEach(part -> check(part, value, at));
                case "if" -> {
                    if (SubsetSchemaCheck.errors(k, value).isEmpty() && schema.has("then")) {
                        check(schema.get("then"), value, at);
                    }
                }
                case "then" -> {
                    // applied by "if"
                }
                default -> {
                    if (!ANNOTATIONS.contains(f.getKey())) {
                        throw new IllegalArgumentException(
                                "keyword '" + f.getKey() + "' at " + at + " is not understood by this check");
                    }
                }
            }
        }
        return errors.size() == before;
    }

    private void type(String type, JsonNode value, String at) {
        boolean ok = switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> throw new IllegalArgumentException("type '" + type + "' is not understood by this check");
        };
        if (!ok) {
            errors.add(at + ": expected " + type + ", got " + value);
        }
    }
}
