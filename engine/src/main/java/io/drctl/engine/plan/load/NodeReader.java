package io.drctl.engine.plan.load;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.secret.SecretReferences;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Validates a YAML node against a {@link Schema} and converts it to plain values (String,
 * Long, Boolean, Duration, List, LinkedHashMap). Problems are reported, never thrown, and
 * reading goes on past them so that one pass finds them all; the value returned for a node
 * with problems is partial (invalid parts left out) and only good for further checks.
 *
 * <p>{@code where} says whose keys these are in messages ({@code in step 'fence-db'}); when it
 * is null the path says it.
 */
final class NodeReader {

    /** Reads one entry of {@code spec.steps}, whose shape depends on its type (see {@link PlanSchema#STEP_ENTRY}). */
    @FunctionalInterface
    interface StepEntryReader {
        Object read(NodeReader reader, Node node, YamlPath path);
    }

    // A reference in a field that is never resolved; "$${" is the escape for a literal "${".
    private static final Pattern SECRET_REFERENCE = Pattern.compile("(?<!\\$)\\$\\{(env|file):");

    private final Violations violations;
    private final NodeIndex index;
    private final StepEntryReader steps;

    NodeReader(Violations violations, NodeIndex index, StepEntryReader steps) {
        this.violations = violations;
        this.index = index;
        this.steps = steps;
    }

    Violations violations() {
        return violations;
    }

    NodeIndex index() {
        return index;
    }

    Object read(Node node, Schema schema, YamlPath path, String where) {
        index.record(path, node);
        if (schema == PlanSchema.STEP_ENTRY) {
            return steps.read(this, node, path);
        }
        return switch (schema) {
            case Schema.Str s -> readString(node, s, path);
            case Schema.Int i -> readInteger(node, i, path);
            case Schema.Bool b -> readBoolean(node, path);
            case Schema.Dur d -> readDuration(node, path);
            case Schema.Enum e -> readEnum(node, e, path);
            case Schema.Arr a -> readArray(node, a, path, where);
            case Schema.Obj o -> readObject(node, o, path, where);
            case Schema.MapOf m -> readMap(node, m, path, where);
            case Schema.AnyOf a -> readAnyOf(node, a, path, where);
            case Schema.Any a -> readAny(node, path);
        };
    }

    private String readString(Node node, Schema.Str schema, YamlPath path) {
        if (!(node instanceof ScalarNode scalar) || Scalars.isNull(node)) {
            return expected(node, path, "a string");
        }
        String text = scalar.getValue();
        boolean numberLike =
                !scalar.getTag().equals(Tag.STR) && !scalar.getTag().equals(Tag.BOOL);
        if (schema.pattern().isPresent()) {
            // Plain 1.10 or 012 is read as a number; in a name or id that is almost always a mistake.
            if (numberLike) {
                violations.at(
                        node,
                        path,
                        "expected a string, got " + text + " (write '" + text + "' in quotes if you mean the text)");
                return null;
            }
            String regex = schema.pattern().get();
            if (!text.matches(regex)) {
                violations.at(
                        node,
                        path,
                        Scalars.quote(text) + " does not match the pattern " + regex + Expectations.patternHint(regex));
                return null;
            }
        }
        // yes/no/on/off and numbers keep the text that was written, not YAML 1.1's reading of it.
        // A value with a bad reference is left out, so that later checks do not trip over it.
        return secretsAreFine(scalar, text, schema.secretsAllowed(), path) ? text : null;
    }

    private boolean secretsAreFine(Node node, String text, boolean allowed, YamlPath path) {
        if (!allowed && SECRET_REFERENCE.matcher(text).find()) {
            violations.at(
                    node,
                    path,
                    "secret references are not allowed here: this value is shown in plans, logs and reports");
            return false;
        }
        Optional<String> error = allowed ? SecretReferences.syntaxError(text) : Optional.empty();
        error.ifPresent(message -> violations.at(node, path, message));
        return error.isEmpty();
    }

    private Long readInteger(Node node, Schema.Int schema, YamlPath path) {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            return expected(node, path, "an integer");
        }
        Optional<Long> value = Scalars.integer(scalar);
        if (value.isEmpty()) {
            violations.at(
                    node,
                    path,
                    "expected a plain decimal integer, got " + scalar.getValue() + Scalars.whyNotPlain(scalar));
            return null;
        }
        long v = value.get();
        if (schema.min().isPresent() && v < schema.min().get()) {
            violations.at(node, path, "must be at least " + schema.min().get() + ", got " + v);
            return null;
        }
        if (schema.max().isPresent() && v > schema.max().get()) {
            violations.at(node, path, "must be at most " + schema.max().get() + ", got " + v);
            return null;
        }
        return v;
    }

    private Boolean readBoolean(Node node, YamlPath path) {
        if (node instanceof ScalarNode scalar) {
            Optional<Boolean> value = Scalars.bool(scalar);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return expected(node, path, "true or false");
    }

    private Duration readDuration(Node node, YamlPath path) {
        if (!(node instanceof ScalarNode scalar) || Scalars.isNull(node)) {
            return expected(node, path, "a duration such as 30s");
        }
        String text = scalar.getValue();
        if (SECRET_REFERENCE.matcher(text).find()) {
            violations.at(node, path, "secret references are not allowed here: a duration must be written out");
            return null;
        }
        Optional<Duration> value = DurationText.parse(text);
        if (value.isEmpty()) {
            violations.at(node, path, Scalars.quote(text) + " is not a duration: write e.g. 500ms, 30s, 5m, 1h");
            return null;
        }
        return value.get();
    }

    private String readEnum(Node node, Schema.Enum schema, YamlPath path) {
        if (node instanceof ScalarNode scalar
                && !Scalars.isNull(node)
                && schema.values().contains(scalar.getValue())) {
            return scalar.getValue();
        }
        String written = node instanceof ScalarNode scalar ? scalar.getValue() : null;
        String hint = schema.values().size() > 1 ? DidYouMean.hint(written, schema.values()) : "";
        violations.at(node, path, "expected " + Expectations.of(schema) + ", got " + Scalars.describe(node) + hint);
        return null;
    }

    private List<Object> readArray(Node node, Schema.Arr schema, YamlPath path, String where) {
        if (!(node instanceof SequenceNode sequence)) {
            if (node instanceof ScalarNode scalar && !Scalars.isNull(node)) {
                violations.at(
                        node,
                        path,
                        "expected a list, got " + Scalars.describe(node) + " (a list of one is written ["
                                + scalar.getValue() + "])");
                return null;
            }
            return expected(node, path, "a list");
        }
        List<Node> items = sequence.getValue();
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(read(items.get(i), schema.items(), path.index(i), where));
        }
        if (items.size() < schema.minItems()) {
            violations.at(
                    node,
                    path,
                    schema.minItems() == 1
                            ? "must not be empty"
                            : "must have at least " + schema.minItems() + " entries, got " + items.size());
        }
        return out;
    }

    private Map<String, Object> readObject(Node node, Schema.Obj schema, YamlPath path, String where) {
        if (!(node instanceof MappingNode mapping)) {
            return expected(node, path, Expectations.of(schema));
        }
        String in = where != null ? where : Expectations.where(path);
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> written = new HashSet<>();
        Set<String> suggested = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                continue; // DocumentHygiene reported it
            }
            String key = keyNode.getValue();
            Schema.Property property = schema.properties().get(key);
            if (property == null) {
                Optional<String> meant =
                        DidYouMean.closest(key, schema.properties().keySet());
                meant.ifPresent(suggested::add);
                violations.at(
                        keyNode,
                        path.key(key),
                        "unknown key '" + key + "' " + in
                                + meant.map(m -> "; did you mean '" + m + "'?").orElse(""));
                continue;
            }
            written.add(key);
            index.recordKey(path.key(key), keyNode);
            Node value = tuple.getValueNode();
            if (Scalars.isNull(value) || (property.required() && Scalars.isEmptyString(value))) {
                index.record(path.key(key), value);
                if (property.required()) {
                    violations.at(value, path.key(key), "'" + key + "' must not be empty " + in);
                }
                continue; // an optional key written without a value counts as absent
            }
            Object converted = read(value, property.schema(), path.key(key), where);
            if (converted != null) {
                out.put(key, converted);
            }
        }
        for (Schema.Property property : schema.properties().values()) {
            if (out.containsKey(property.name())) {
                continue;
            }
            // "unknown key 'replica'; did you mean 'replicas'?" already says 'replicas' is missing.
            if (property.required() && !written.contains(property.name()) && !suggested.contains(property.name())) {
                violations.at(mapping, path, "missing required key '" + property.name() + "' " + in);
            } else if (property.defaultValue().isPresent()) {
                out.put(property.name(), property.defaultValue().get());
            }
        }
        return out;
    }

    private Map<String, Object> readMap(Node node, Schema.MapOf schema, YamlPath path, String where) {
        if (!(node instanceof MappingNode mapping)) {
            return expected(node, path, "a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                continue; // DocumentHygiene reported it
            }
            String key = keyNode.getValue();
            YamlPath at = path.key(key);
            index.recordKey(at, keyNode);
            if (schema.keyPattern().isPresent()
                    && !key.matches(schema.keyPattern().get())) {
                violations.at(
                        keyNode,
                        at,
                        "the name " + Scalars.quote(key) + " does not match the pattern "
                                + schema.keyPattern().get()
                                + Expectations.patternHint(schema.keyPattern().get()));
            }
            Object converted = read(tuple.getValueNode(), schema.values(), at, where);
            if (converted != null) {
                out.put(key, converted);
            }
        }
        return out;
    }

    /**
     * The first alternative the node satisfies. When none does and one alternative is clearly
     * the one meant (the only object for a mapping, the only integer for a number), its problems
     * are the useful ones; otherwise one violation says what would have fitted.
     */
    private Object readAnyOf(Node node, Schema.AnyOf schema, YamlPath path, String where) {
        List<Schema> shaped = schema.alternatives().stream()
                .filter(a -> Expectations.hasShapeOf(a, node))
                .toList();
        for (Schema alternative : shaped) {
            Violations trial = new Violations(violations.file());
            Object converted = new NodeReader(trial, index, steps).read(node, alternative, path, where);
            if (trial.isEmpty()) {
                return converted;
            }
        }
        List<Schema> meant = shaped.size() == 1
                ? shaped
                : shaped.stream().filter(a -> Expectations.isTypeOf(a, node)).toList();
        if (meant.size() == 1) {
            return read(node, meant.getFirst(), path, where);
        }
        return expected(node, path, Expectations.of(schema));
    }

    /** Plain values as YAML means them; strings may hold secret references, so their syntax is checked. */
    private Object readAny(Node node, YamlPath path) {
        index.record(path, node);
        if (Scalars.isNull(node)) {
            return null;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                out.add(readAny(sequence.getValue().get(i), path.index(i)));
            }
            return out;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    out.put(key.getValue(), readAny(tuple.getValueNode(), path.key(key.getValue())));
                }
            }
            return out;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.INT)) {
            return Scalars.integer(scalar).<Object>map(v -> v).orElse(scalar.getValue());
        }
        if (tag.equals(Tag.FLOAT)) {
            return Scalars.number(scalar).<Object>map(v -> v).orElse(scalar.getValue());
        }
        if (tag.equals(Tag.BOOL)) {
            return Scalars.bool(scalar).<Object>map(v -> v).orElse(scalar.getValue());
        }
        secretsAreFine(scalar, scalar.getValue(), true, path);
        return scalar.getValue();
    }

    private <T> T expected(Node node, YamlPath path, String expectation) {
        violations.at(node, path, "expected " + expectation + ", got " + Scalars.describe(node));
        return null;
    }
}
