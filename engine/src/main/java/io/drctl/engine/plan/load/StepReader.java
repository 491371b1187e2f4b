package io.drctl.engine.plan.load;

import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one entry of {@code spec.steps}: the core fields, then {@code with} against the
 * parameters of the step's type. A step without {@code with} is read as if it had an empty one,
 * so its type's required parameters are reported as missing.
 */
final class StepReader implements NodeReader.StepEntryReader {
    private static final Schema UNKNOWN_TYPE_PARAMETERS =
            Schema.any("Parameters of an unknown step type: not checked.");

    private final Language language;

    StepReader(Language language) {
        this.language = language;
    }

    @Override
    public StepDraft read(NodeReader reader, Node node, YamlPath path) {
        Violations violations = reader.violations();
        if (!(node instanceof MappingNode mapping)) {
            violations.at(
                    node, path, "a step is a mapping with at least 'id' and 'type'; got " + Scalars.describe(node));
            return new StepDraft(path, Map.of());
        }
        String where = peek(mapping, "id")
                .filter(id -> id.matches(PlanSchema.ID_PATTERN))
                .map(id -> "in step '" + id + "'")
                .orElse("in " + path);
        Optional<StepType> type = stepType(mapping, path, violations);
        Schema parameters = type.<Schema>map(StepType::parameters).orElse(UNKNOWN_TYPE_PARAMETERS);

        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>)
                reader.read(mapping, PlanSchema.step(PlanSchema.stepTypeName(), parameters), path, where);
        Optional<Node> withNode = valueOf(mapping, "with");
        if (type.isPresent() && withNode.map(Scalars::isNull).orElse(true)) {
            Node at = withNode.orElse(mapping);
            fields.put("with", reader.read(emptyMappingAt(at), type.get().parameters(), path.key("with"), where));
        }
        checkDurations(fields, path, reader);
        return new StepDraft(path, fields);
    }

    private Optional<StepType> stepType(MappingNode mapping, YamlPath path, Violations violations) {
        Optional<Node> typeNode = valueOf(mapping, "type");
        if (typeNode.isEmpty()
                || !(typeNode.get() instanceof ScalarNode scalar)
                || Scalars.isNull(scalar)
                || scalar.getValue().isEmpty()) {
            return Optional.empty(); // reading the core fields reports it
        }
        String name = scalar.getValue();
        Optional<StepType> type = language.stepType(name);
        if (type.isEmpty()) {
            violations.at(
                    scalar,
                    path.key("type"),
                    "unknown step type '" + name + "'"
                            + DidYouMean.hint(name, language.stepTypes().keySet()));
        }
        return type;
    }

    private static void checkDurations(Map<String, Object> fields, YamlPath path, NodeReader reader) {
        if (fields.get("timeout") instanceof Duration timeout && !timeout.isPositive()) {
            YamlPath at = path.key("timeout");
            reader.violations().at(reader.index().get(at), at, "the timeout must be longer than 0");
        }
        if (fields.get("retry") instanceof Map<?, ?> retry
                && retry.get("backoff") instanceof Map<?, ?> backoff
                && backoff.get("initial") instanceof Duration initial
                && backoff.get("max") instanceof Duration max
                && max.compareTo(initial) < 0) {
            YamlPath at = path.key("retry").key("backoff").key("max");
            reader.violations()
                    .at(reader.index().nearest(at), at, "the longest wait (max) is shorter than the first (initial)");
        }
    }

    private static Optional<String> peek(MappingNode mapping, String key) {
        return valueOf(mapping, key).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    private static Optional<Node> valueOf(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }

    /** Stands for an absent {@code with}; problems with it are shown where the step (or its empty 'with:') is. */
    private static MappingNode emptyMappingAt(Node at) {
        return new MappingNode(
                Tag.MAP, true, new ArrayList<>(), at.getStartMark(), at.getStartMark(), DumperOptions.FlowStyle.BLOCK);
    }
}
