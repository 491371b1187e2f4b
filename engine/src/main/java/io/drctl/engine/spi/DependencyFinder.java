package io.drctl.engine.spi;

import io.drctl.engine.plan.Plan;
import java.util.List;
import java.util.Map;

/**
 * Finds what a plan depends on in the part of the plan an adapter owns (its sections, its step
 * types, its site facets), for {@code drctl preflight}; registered in
 * {@code META-INF/services/io.drctl.engine.spi.DependencyFinder}. Finding reads only the plan
 * and the environment (secrets may be resolved, nothing is contacted); the probes contact.
 */
public interface DependencyFinder {
    List<Dependency> find(Plan plan, Map<String, String> environment);

    /**
     * With {@code site} gone, what in this adapter's part of the plan would stop the run (a step
     * that cannot cope with its target not answering), one line each; read from the plan alone.
     * Steps with {@code site:} are judged by the engine; this is for what only the adapter knows
     * (a database step's member is a site, too).
     */
    default List<String> stopsWithout(Plan plan, String site) {
        return List.of();
    }

    /**
     * What in this adapter's configuration keeps the plan from running at all (a kubeconfig that
     * is missing, unreadable or lacks a site's context), one line each, checked before a run
     * record exists. Reads local files and the environment only: nothing is contacted, so a site
     * that is gone is never a configuration problem.
     */
    default List<String> configurationProblems(Plan plan, Map<String, String> environment) {
        return List.of();
    }
}
