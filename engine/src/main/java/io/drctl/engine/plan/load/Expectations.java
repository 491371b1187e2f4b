package io.drctl.engine.plan.load;

import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** How messages say what a schema expects ("an integer or 'fromSnapshot'") and where a key stands. */
final class Expectations {
    private Expectations() {}

    static String of(Schema schema) {
        return switch (schema) {
            case Schema.Str s -> s.pattern().map(p -> "a string matching " + p).orElse("a string");
            case Schema.Int i -> "an integer";
            case Schema.Bool b -> "true or false";
            case Schema.Dur d -> "a duration such as 30s";
            case Schema.Enum e ->
                e.values().size() == 1
                        ? "'" + e.values().getFirst() + "'"
                        : "one of "
                                + e.values().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
            case Schema.Arr a -> "a list";
            case Schema.Obj o -> {
                List<String> required = o.properties().values().stream()
                        .filter(Schema.Property::required)
                        .map(Schema.Property::name)
                        .toList();
                yield required.isEmpty() ? "a mapping" : "a mapping with " + String.join(", ", required);
            }
            case Schema.MapOf m -> "a mapping";
            case Schema.AnyOf a ->
                orList(a.alternatives().stream().map(Expectations::of).toList());
            case Schema.Any a -> "a value";
        };
    }

    /** Whether the node has the shape (scalar, list, mapping) the schema reads. */
    static boolean hasShapeOf(Schema schema, Node node) {
        return switch (schema) {
            case Schema.Arr a -> node instanceof SequenceNode;
            case Schema.Obj o -> node instanceof MappingNode;
            case Schema.MapOf m -> node instanceof MappingNode;
            case Schema.AnyOf a -> a.alternatives().stream().anyMatch(alt -> hasShapeOf(alt, node));
            case Schema.Any a -> true;
            default -> node instanceof ScalarNode && !Scalars.isNull(node);
        };
    }

    /**
     * Whether the node is of the very type the schema reads: a mapping for an object, a YAML
     * integer for an integer. Text is not, as every scalar schema reads text.
     */
    static boolean isTypeOf(Schema schema, Node node) {
        return switch (schema) {
            case Schema.Int i -> node.getTag().equals(Tag.INT);
            case Schema.Bool b -> node.getTag().equals(Tag.BOOL);
            case Schema.Arr a -> node instanceof SequenceNode;
            case Schema.Obj o -> node instanceof MappingNode;
            case Schema.MapOf m -> node instanceof MappingNode;
            default -> false;
        };
    }

    /** "in spec.sites.gasan", or "at the top level". */
    static String where(YamlPath path) {
        return path.isRoot() ? "at the top level" : "in " + path;
    }

    /** Plain words after a core pattern, so nobody has to read the regular expression. */
    static String patternHint(String regex) {
        if (regex.equals(PlanSchema.PLAN_NAME_PATTERN)) {
            return ": use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
        }
        if (regex.equals(PlanSchema.ID_PATTERN)) {
            return ": use lowercase letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
        }
        return "";
    }

    private static String orList(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.getLast();
    }
}
