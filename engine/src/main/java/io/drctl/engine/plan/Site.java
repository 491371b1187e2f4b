package io.drctl.engine.plan;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code spec.sites}. Adapters register the facets a site may carry (e.g.
 * {@code kubernetes}); their validated values are in {@code facets}.
 *
 * @param networks what lives in the site, as addresses: CIDR ranges ({@code 10.1.0.0/16}) and host
 *                 names, a leading {@code *.} matching any subdomain ({@code *.pangyo.internal}).
 *                 {@code drctl preflight --assume-lost} checks that nothing the plan needs is there.
 */
public record Site(
        String name, String description, List<String> networks, Map<String, Object> facets, SourcePosition position) {
    public Site {
        networks = List.copyOf(networks);
    }
}
