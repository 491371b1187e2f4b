package io.drctl.engine.run;

import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.DependencyFinder;
import io.drctl.engine.spi.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run needs from its configuration, checked before a run record exists (run, resume) and
 * by {@code drctl preflight}: every secret reference of the plan's sections and of the steps that
 * run in this mode resolves now. A missing ${env:...} or key file used to surface as a failure
 * per step, after a run record with a "resume" hint was made. Before a run, the adapters' own
 * configuration (the kubeconfig and its contexts) is checked too, see {@link #beforeRun}.
 */
public final class ConfigurationCheck {
    private ConfigurationCheck() {}

    /**
     * Everything a run checks before its record exists: the secrets, and what each adapter says
     * about its own configuration (an unreadable kubeconfig, a site's context missing from it),
     * which otherwise surfaced as one step failure per step. {@code drctl preflight} has no need
     * of the latter: its probes report the same problems per dependency.
     */
    public static List<String> beforeRun(Plan plan, Mode mode, Map<String, String> environment, Language language) {
        List<String> problems = new ArrayList<>(problems(plan, mode, environment));
        for (DependencyFinder finder : language.dependencyFinders()) {
            problems.addAll(finder.configurationProblems(plan, environment));
        }
        return problems;
    }

    /** One line per problem; empty when the configuration is complete. */
    public static List<String> problems(Plan plan, Mode mode, Map<String, String> environment) {
        SecretReferences references = new SecretReferences(environment, new Redactor());
        List<String> problems = new ArrayList<>();
        plan.sections().forEach((name, value) -> {
            // A notification channel that cannot be resolved is switched off with a warning, by design:
            // a failover must not wait for a chat webhook's secret.
            if (!name.equals("notify")) {
                problems.addAll(references.unresolvable(value, "spec." + name));
            }
        });
        for (StepDefinition step : plan.steps()) {
            if (step.runsIn(mode)) {
                problems.addAll(references.unresolvable(step.with(), "step " + step.id() + " (with)"));
            }
        }
        return problems;
    }
}
