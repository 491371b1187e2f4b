package io.drctl.engine.plan.load;

import io.drctl.engine.plan.Networks;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.Site;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.PlanSection;
import io.drctl.engine.spi.PlanValidation;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Runs the adapters' own checks ({@link io.drctl.engine.spi.StepType#validate},
 * {@link PlanSection#validate}) and shows what they report at the node their relative path
 * names, or at the closest node that exists (a check may complain about a key that is absent).
 */
final class SemanticChecks {
    private SemanticChecks() {}

    /** {@code plan} holds only steps and sections without violations: that is what adapters may rely on. */
    static void run(Plan plan, Language language, NodeIndex index, Violations violations) {
        for (Site site : plan.sites().values()) {
            for (int i = 0; i < site.networks().size(); i++) {
                int at = i;
                Networks.problem(site.networks().get(i))
                        .ifPresent(problem -> new At(
                                        plan,
                                        YamlPath.ROOT.key("spec").key("sites").key(site.name()),
                                        index,
                                        violations)
                                .error("networks[" + at + "]", problem));
            }
        }
        for (Map.Entry<String, Object> section : plan.sections().entrySet()) {
            PlanSection owner = language.sections().get(section.getKey());
            owner.validate(
                    section.getValue(),
                    new At(plan, YamlPath.ROOT.key("spec").key(section.getKey()), index, violations));
        }
        for (StepDefinition step : plan.steps()) {
            YamlPath with = new YamlPath(step.position().path()).key("with");
            language.stepType(step.type()).orElseThrow().validate(step, new At(plan, with, index, violations));
        }
    }

    private record At(Plan plan, YamlPath base, NodeIndex index, Violations violations) implements PlanValidation {
        @Override
        public void error(String relativePath, String message) {
            YamlPath path = base.resolve(relativePath);
            violations.at(where(path), path, message);
        }

        /**
         * A scalar is shown where its value is; an entry that is a whole block (a database
         * member, a record) where its name is, as that is what people look for.
         */
        private Node where(YamlPath path) {
            Node node = index.get(path);
            if (node == null) {
                return index.nearest(path);
            }
            Node key = index.keyOf(path);
            return node instanceof ScalarNode || key == null ? node : key;
        }
    }
}
