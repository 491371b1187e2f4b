package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.LabelSelector;
import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any resource, custom ones included, addressed by apiVersion/kind/namespace and a name or a
 * label selector, without CRD discovery (see {@link ResourceTypes}).
 */
record ResourceAddress(ResourceDefinitionContext type, String namespace, String name, LabelSelector selector) {

    static Schema.Obj addTo(Schema.Obj parameters, boolean selectorAllowed) {
        Schema.Obj p = parameters
                .required(
                        "apiVersion",
                        Schema.string("The resource's apiVersion, e.g. postgresql.cnpg.io/v1 or networking.k8s.io/v1.")
                                .noSecrets())
                .required(
                        "kind",
                        Schema.string("The resource's kind, e.g. Cluster, DNSEndpoint, Ingress.")
                                .noSecrets())
                .optional("name", Schema.string("The resource's name.").noSecrets())
                .optional(
                        "namespace",
                        Schema.string("Its namespace (default: the site's namespace, else default); ignored for "
                                        + "cluster-scoped kinds.")
                                .noSecrets())
                .optional(
                        "plural",
                        Schema.string(
                                        "The resource's plural as the API knows it (default: what the site's API "
                                                + "discovery says; give it with namespaced to skip discovery, e.g. behind a proxy that does not serve it).")
                                .noSecrets())
                .optional(
                        "namespaced",
                        Schema.bool("Whether the kind is namespaced (default: what the site's API discovery says)."));
        return selectorAllowed
                ? p.optional(
                        "selector",
                        Schema.string("A label selector instead of a name (equality and "
                                        + "set-based), applied by the server and again by drctl.")
                                .noSecrets())
                : p;
    }

    static List<String[]> validate(Map<String, Object> with, boolean selectorAllowed) {
        List<String[]> errors = new ArrayList<>();
        boolean hasName = with.get("name") != null;
        boolean hasSelector = selectorAllowed && with.get("selector") != null;
        if (hasName == hasSelector) {
            errors.add(new String[] {
                "name", selectorAllowed ? "give name or selector (one of them)" : "give the resource's name"
            });
        }
        if (hasSelector) {
            try {
                LabelSelector.parse((String) with.get("selector"));
            } catch (LabelSelector.InvalidSelectorException e) {
                errors.add(new String[] {"selector", e.getMessage()});
            }
        }
        return errors;
    }

    /** The resources the step's parameters address on the cluster's site; the type as the site's discovery says. */
    static ResourceAddress from(Params p, Cluster cluster) throws StepException {
        String defaultNamespace = cluster.settings().defaultNamespace();
        Object namespaced = p.raw().get("namespaced");
        ResourceDefinitionContext type = ResourceTypes.resolve(
                cluster,
                p.string("apiVersion"),
                p.string("kind"),
                p.optionalString("plural").orElse(null),
                namespaced instanceof Boolean b ? b : null);
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(p.optionalString("selector").orElse(""));
        } catch (LabelSelector.InvalidSelectorException e) {
            throw new StepFailedException(e.getMessage());
        }
        return new ResourceAddress(
                type,
                p.optionalString("namespace").orElse(defaultNamespace),
                p.optionalString("name").orElse(null),
                selector);
    }

    String display() {
        String kind = type.getKind();
        String where = type.isNamespaceScoped() ? namespace + "/" : "";
        return kind + " " + where + (name != null ? name : "selected by '" + selector.text() + "'");
    }

    static String display(GenericKubernetesResource r) {
        return r.getKind() + " "
                + (r.getMetadata().getNamespace() != null ? r.getMetadata().getNamespace() + "/" : "")
                + r.getMetadata().getName();
    }

    /** The resources addressed, as they are now (a named one that does not exist: none). */
    List<GenericKubernetesResource> find(KubernetesClient client, String site) throws StepException {
        try {
            var all = client.genericKubernetesResources(type);
            NonNamespaceOperation<
                            GenericKubernetesResource,
                            GenericKubernetesResourceList,
                            Resource<GenericKubernetesResource>>
                    op = type.isNamespaceScoped() ? all.inNamespace(namespace) : all;
            if (name != null) {
                GenericKubernetesResource r = op.withName(name).get();
                return r == null ? List.of() : List.of(r);
            }
            List<GenericKubernetesResource> items =
                    op.withLabelSelector(selector.text()).list().getItems();
            return items.stream()
                    .filter(r -> selector.matches(r.getMetadata().getLabels()))
                    .toList();
        } catch (RuntimeException e) {
            throw ApiFailures.translate(site, "reading " + display(), e);
        }
    }

    Resource<GenericKubernetesResource> one(KubernetesClient client, GenericKubernetesResource r) {
        var all = client.genericKubernetesResources(type);
        return type.isNamespaceScoped()
                ? all.inNamespace(r.getMetadata().getNamespace())
                        .withName(r.getMetadata().getName())
                : all.withName(r.getMetadata().getName());
    }
}
