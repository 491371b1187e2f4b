package io.drctl.engine.plan;

import java.util.Map;

/**
 * One entry of {@code spec.sites}. Adapters register the facets a site may carry (e.g.
 * {@code kubernetes}); their validated values are in {@code facets}.
 */
public record Site(String name, String description, Map<String, Object> facets, SourcePosition position) {
}
