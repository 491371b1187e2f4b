package io.drctl.adapters.kubernetes;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;
import java.util.Set;

/**
 * Addresses any resource type by apiVersion and kind without asking the server (no CRD
 * discovery: a site under stress, or a proxy, may not serve it): the plural is the kind's,
 * lower-cased and pluralised as Kubernetes does, unless given.
 */
public final class ResourceTypes {
    /** Core and built-in kinds that are not namespaced. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "PriorityClass", "IngressClass");

    private ResourceTypes() {
    }

    public static ResourceDefinitionContext context(String apiVersion, String kind, String plural, Boolean namespaced) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural != null ? plural : Pluralize.toPlural(kind.toLowerCase(Locale.ROOT)))
                .withNamespaced(namespaced != null ? namespaced : !CLUSTER_SCOPED.contains(kind))
                .build();
    }
}
