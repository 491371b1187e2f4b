package io.drctl.engine.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a part of the plan language: the core's own fields, an adapter's section, a
 * step type's {@code with}. One description serves three purposes: validating YAML nodes
 * (with line:column), converting them to plain Java values, and writing the JSON Schema that
 * {@code drctl schema} prints.
 *
 * <p>Converted values: strings → String, integers → Long, booleans → Boolean, durations →
 * java.time.Duration, enums → String, arrays → List, objects and maps → LinkedHashMap.
 */
public sealed interface Schema {

    String description();

    /** A string. {@code secretsAllowed}: whether it may hold ${env:..}/${file:..} references. */
    record Str(String description, Optional<String> pattern, boolean secretsAllowed, Optional<String> format)
            implements Schema {
        public Str pattern(String regex) {
            return new Str(description, Optional.of(regex), secretsAllowed, format);
        }

        public Str noSecrets() {
            return new Str(description, pattern, false, format);
        }

        public Str format(String f) {
            return new Str(description, pattern, secretsAllowed, Optional.of(f));
        }
    }

    record Int(String description, Optional<Long> min, Optional<Long> max) implements Schema {
        public Int min(long v) {
            return new Int(description, Optional.of(v), max);
        }

        public Int max(long v) {
            return new Int(description, min, Optional.of(v));
        }
    }

    record Bool(String description) implements Schema {}

    /** A duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    record Dur(String description) implements Schema {}

    record Enum(String description, List<String> values) implements Schema {}

    record Arr(String description, Schema items, int minItems) implements Schema {
        public Arr minItems(int n) {
            return new Arr(description, items, n);
        }
    }

    /** An object with known properties; unknown keys are errors. */
    record Obj(String description, Map<String, Property> properties) implements Schema {
        public Obj required(String name, Schema schema) {
            return with(new Property(name, schema, true, Optional.empty()));
        }

        public Obj optional(String name, Schema schema) {
            return with(new Property(name, schema, false, Optional.empty()));
        }

        /** An optional property whose value is {@code defaultValue} (already converted) when absent. */
        public Obj optional(String name, Schema schema, Object defaultValue) {
            return with(new Property(name, schema, false, Optional.of(defaultValue)));
        }

        private Obj with(Property p) {
            Map<String, Property> copy = new LinkedHashMap<>(properties);
            copy.put(p.name(), p);
            return new Obj(description, Collections.unmodifiableMap(copy));
        }
    }

    record Property(String name, Schema schema, boolean required, Optional<Object> defaultValue) {}

    /** An object whose keys are free (names of sites, databases, ...), all values of one shape. */
    record MapOf(String description, Schema values, Optional<String> keyPattern) implements Schema {
        public MapOf keyPattern(String regex) {
            return new MapOf(description, values, Optional.of(regex));
        }
    }

    /** One of several shapes, e.g. {@code replicas: 3 | fromSnapshot | {fromSite: b}}. */
    record AnyOf(String description, List<Schema> alternatives) implements Schema {}

    /** Anything YAML can hold (e.g. a patch body); converted to plain values. */
    record Any(String description) implements Schema {}

    // Factories, so declarations read like the language they describe.

    static Str string(String description) {
        return new Str(description, Optional.empty(), true, Optional.empty());
    }

    static Int integer(String description) {
        return new Int(description, Optional.empty(), Optional.empty());
    }

    static Bool bool(String description) {
        return new Bool(description);
    }

    static Dur duration(String description) {
        return new Dur(description);
    }

    static Enum oneOf(String description, String... values) {
        return new Enum(description, List.of(values));
    }

    static Arr array(String description, Schema items) {
        return new Arr(description, items, 0);
    }

    static Obj object(String description) {
        return new Obj(description, Map.of());
    }

    static MapOf mapOf(String description, Schema values) {
        return new MapOf(description, values, Optional.empty());
    }

    static AnyOf anyOf(String description, Schema... alternatives) {
        return new AnyOf(description, List.copyOf(new ArrayList<>(List.of(alternatives))));
    }

    static Any any(String description) {
        return new Any(description);
    }
}
