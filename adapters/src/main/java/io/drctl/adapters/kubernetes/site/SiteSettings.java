package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.Site;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A site's {@code kubernetes} facet, as values. */
public record SiteSettings(
        String site,
        Optional<String> context,
        boolean inCluster,
        Optional<String> namespace,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration probeTimeout) {

    /** The facet of {@code siteName} in {@code plan}, or empty when the site has none. */
    public static Optional<SiteSettings> of(Plan plan, String siteName) {
        Site site = plan.sites().get(siteName);
        if (site == null || !(site.facets().get(KubernetesSiteFacet.NAME) instanceof Map<?, ?> facet)) {
            return Optional.empty();
        }
        return Optional.of(from(siteName, facet));
    }

    static SiteSettings from(String siteName, Map<?, ?> facet) {
        return new SiteSettings(
                siteName,
                Optional.ofNullable((String) facet.get("context")),
                Boolean.TRUE.equals(facet.get("inCluster")),
                Optional.ofNullable((String) facet.get("namespace")),
                duration(facet, "connectTimeout", KubernetesSiteFacet.DEFAULT_CONNECT_TIMEOUT),
                duration(facet, "requestTimeout", KubernetesSiteFacet.DEFAULT_REQUEST_TIMEOUT),
                duration(facet, "probeTimeout", KubernetesSiteFacet.DEFAULT_PROBE_TIMEOUT));
    }

    /** Settings for a context of its own (the sandbox, tests, the snapshot command). */
    public static SiteSettings forContext(String siteName, String context) {
        return new SiteSettings(
                siteName,
                Optional.of(context),
                false,
                Optional.empty(),
                KubernetesSiteFacet.DEFAULT_CONNECT_TIMEOUT,
                KubernetesSiteFacet.DEFAULT_REQUEST_TIMEOUT,
                KubernetesSiteFacet.DEFAULT_PROBE_TIMEOUT);
    }

    private static Duration duration(Map<?, ?> facet, String key, Duration fallback) {
        return facet.get(key) instanceof Duration d ? d : fallback;
    }

    /** The namespace to use when a step names none. */
    public String defaultNamespace() {
        return namespace.orElse("default");
    }
}
