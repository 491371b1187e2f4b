package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;

/**
 * What a resource type is called and whether it is namespaced, as the site's API server says
 * (discovery: {@code /api/v1}, {@code /apis/GROUP/VERSION}), so any kind works — a CRD's too —
 * with the server's own plural and scope, and a kind the site does not serve (its CRD is not
 * installed, a typo in apiVersion) is named as such before anything is read or changed. A plan
 * may give {@code plural} and {@code namespaced} itself; then no discovery is asked.
 */
public final class ResourceTypes {
    private ResourceTypes() {}

    /** The type of {@code kind} in {@code apiVersion} on the cluster's site. */
    public static ResourceDefinitionContext resolve(
            Cluster cluster, String apiVersion, String kind, String plural, Boolean namespaced) throws StepException {
        if (plural != null && namespaced != null) {
            return context(apiVersion, kind, plural, namespaced);
        }
        List<APIResource> served = cluster.discovery(apiVersion, () -> {
            try {
                APIResourceList list = cluster.client().getApiResources(apiVersion);
                return list == null || list.getResources() == null ? List.of() : list.getResources();
            } catch (RuntimeException e) {
                throw ApiFailures.translate(cluster.site(), "asking which resources " + apiVersion + " serves", e);
            }
        });
        Optional<APIResource> found = served.stream()
                .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/"))
                .findFirst();
        if (found.isEmpty()) {
            throw new StepFailedException("site " + cluster.site() + " serves no " + kind + " in " + apiVersion
                    + (served.isEmpty()
                            ? " (it serves nothing in " + apiVersion
                                    + ": is the CRD installed, is the apiVersion right?)"
                            : " (it serves "
                                    + String.join(
                                            ", ",
                                            served.stream()
                                                    .filter(r -> !r.getName().contains("/"))
                                                    .map(APIResource::getKind)
                                                    .distinct()
                                                    .toList())
                                    + ")"));
        }
        APIResource r = found.get();
        return context(
                apiVersion,
                kind,
                plural != null ? plural : r.getName(),
                namespaced != null ? namespaced : Boolean.TRUE.equals(r.getNamespaced()));
    }

    /** A type whose plural and scope are known without asking (drctl's own, well-known kinds). */
    public static ResourceDefinitionContext context(String apiVersion, String kind, String plural, boolean namespaced) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
