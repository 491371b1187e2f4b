package io.drctl.engine.plan.load;

import io.drctl.engine.plan.Objectives;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.Site;
import io.drctl.engine.plan.SourcePosition;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.spi.Language;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a sound YAML document into a {@link Plan}: the schema of the whole language first,
 * then the checks across steps, then the adapters' own checks. Every problem lands in
 * {@link Violations}; the plan returned is only meaningful when there are none.
 */
final class PlanReader {
    private static final YamlPath STEPS = YamlPath.ROOT.key("spec").key("steps");

    private final Language language;
    private final Violations violations;
    private final NodeIndex index = new NodeIndex();

    PlanReader(Language language, Violations violations) {
        this.language = language;
        this.violations = violations;
    }

    /** {@code replaced}: what spec.rehearsal replaced in this variant (empty for the plan as written). */
    Optional<Plan> read(Node root, Path file, String sha256, String source, List<String> replaced) {
        if (!(root instanceof MappingNode)) {
            violations.at(
                    root,
                    YamlPath.ROOT,
                    "a plan is a mapping with apiVersion, kind, metadata and spec; got " + Scalars.describe(root));
            return Optional.empty();
        }
        NodeReader reader = new NodeReader(violations, index, new StepReader(language));
        Map<String, Object> top = map(reader.read(root, PlanSchema.plan(language), YamlPath.ROOT, null));
        Map<String, Object> metadata = map(top.get("metadata"));
        Map<String, Object> spec = map(top.get("spec"));

        Map<String, Site> sites = sites(spec);
        List<StepDraft> drafts = steps(spec);
        StepGraph.check(drafts, spec.containsKey("sites") ? sites.keySet() : null, index, violations);
        // Adapters' checks may read any part of the plan but the steps, so those parts must be sound.
        boolean soundOutsideSteps = !violations.anyOutside(STEPS);

        Plan plan = new Plan(
                file,
                sha256,
                source,
                (String) metadata.get("name"),
                text(metadata.get("description")),
                labels(metadata),
                objectives(spec),
                sites,
                sections(spec),
                // A step with any problem (its own, or found across steps) is left to its violations.
                drafts.stream()
                        .filter(d -> !violations.anyWithin(d.path()))
                        .map(this::definition)
                        .toList(),
                replaced);
        if (soundOutsideSteps) {
            SemanticChecks.run(plan, language, index, violations);
        }
        return Optional.of(plan);
    }

    private Map<String, Site> sites(Map<String, Object> spec) {
        Map<String, Site> sites = new LinkedHashMap<>();
        map(spec.get("sites")).forEach((name, value) -> {
            Map<String, Object> facets = new LinkedHashMap<>(map(value));
            String description = text(facets.remove("description"));
            Object networks = facets.remove("networks");
            List<String> addresses = networks instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList()
                    : List.of();
            YamlPath path = YamlPath.ROOT.key("spec").key("sites").key(name);
            sites.put(
                    name,
                    new Site(
                            name,
                            description,
                            addresses,
                            Collections.unmodifiableMap(facets),
                            position(path, index.keyOf(path))));
        });
        return Collections.unmodifiableMap(sites);
    }

    private static List<StepDraft> steps(Map<String, Object> spec) {
        return spec.get("steps") instanceof List<?> list
                ? list.stream()
                        .filter(StepDraft.class::isInstance)
                        .map(StepDraft.class::cast)
                        .toList()
                : List.of();
    }

    private Map<String, Object> sections(Map<String, Object> spec) {
        Map<String, Object> sections = new LinkedHashMap<>();
        Set<String> registered = language.sections().keySet();
        spec.forEach((key, value) -> {
            if (registered.contains(key)) {
                sections.put(key, value);
            }
        });
        return Collections.unmodifiableMap(sections);
    }

    private static Objectives objectives(Map<String, Object> spec) {
        Map<String, Object> objectives = map(spec.get("objectives"));
        return new Objectives(Optional.ofNullable((Duration) objectives.get("rto")), Optional.ofNullable((Duration)
                objectives.get("rpo")));
    }

    private static Map<String, String> labels(Map<String, Object> metadata) {
        Map<String, String> labels = new LinkedHashMap<>();
        map(metadata.get("labels")).forEach((k, v) -> labels.put(k, (String) v));
        return Collections.unmodifiableMap(labels);
    }

    private StepDefinition definition(StepDraft draft) {
        return draft.definition(position(draft.path(), index.get(draft.path())));
    }

    private SourcePosition position(YamlPath path, Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return new SourcePosition(
                violations.file(),
                mark == null ? 1 : mark.getLine() + 1,
                mark == null ? 1 : mark.getColumn() + 1,
                path.text());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object value) {
        return value instanceof String s ? s : "";
    }
}
