package io.drctl.sandbox;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Seeds sandbox sites from a file of ordinary Kubernetes manifests (several YAML documents, or
 * a List). A manifest goes to every site unless it carries the annotation
 * {@code sandbox.drctl.io/sites: a,b}. Custom resources need no CRD.
 */
public final class SeedManifests {
    public static final String SITES_ANNOTATION = "sandbox.drctl.io/sites";
    /** {@code site-b=0} (comma-separated): that site gets the manifest with these replicas, the others as written. */
    public static final String REPLICAS_ANNOTATION = "sandbox.drctl.io/replicas";
    /** Built-in kinds that are not namespaced; any other kind without a typed model is taken as namespaced. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "Node",
            "PersistentVolume",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition",
            "StorageClass",
            "PriorityClass",
            "IngressClass");

    private SeedManifests() {}

    public static void apply(Path file, Sandbox sandbox) {
        List<HasMetadata> items;
        try (InputStream in = Files.newInputStream(file);
                KubernetesClient parser = sandbox.sites().get(0).client()) {
            items = parser.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed file " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "seed file " + file + " is not a set of Kubernetes manifests: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    e);
        }
        for (SandboxSite site : sandbox.sites()) {
            try (KubernetesClient client = site.internalClient()) {
                for (HasMetadata item : items) {
                    if (goesTo(item, site.name())) {
                        create(client, forSite(item, site.name()));
                    }
                }
            }
        }
    }

    /** The manifest as {@code site} gets it: with the replicas its annotation gives that site, if any. */
    static HasMetadata forSite(HasMetadata item, String site) {
        Map<String, String> annotations = item.getMetadata().getAnnotations();
        String spec = annotations == null ? null : annotations.get(REPLICAS_ANNOTATION);
        if (spec == null) {
            return item;
        }
        Integer replicas = null;
        for (String entry : spec.split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2 || !kv[1].trim().matches("\\d+")) {
                throw new IllegalArgumentException(
                        item.getKind() + " " + item.getMetadata().getName() + ": annotation " + REPLICAS_ANNOTATION
                                + " '" + spec + "' is not SITE=REPLICAS[,SITE=REPLICAS]");
            }
            if (kv[0].trim().equals(site)) {
                replicas = Integer.parseInt(kv[1].trim());
            }
        }
        if (replicas == null) {
            return item;
        }
        HasMetadata copy = Serialization.clone(item);
        if (copy instanceof Deployment d) {
            d.getSpec().setReplicas(replicas);
        } else if (copy instanceof StatefulSet st) {
            st.getSpec().setReplicas(replicas);
        } else if (copy instanceof ReplicaSet rs) {
            rs.getSpec().setReplicas(replicas);
        } else {
            throw new IllegalArgumentException(
                    item.getKind() + " " + item.getMetadata().getName() + ": annotation " + REPLICAS_ANNOTATION
                            + " applies to Deployments, StatefulSets and ReplicaSets only");
        }
        return copy;
    }

    static boolean goesTo(HasMetadata item, String site) {
        Map<String, String> annotations = item.getMetadata().getAnnotations();
        String sites = annotations == null ? null : annotations.get(SITES_ANNOTATION);
        return sites == null
                || Arrays.stream(sites.split(",")).map(String::trim).anyMatch(site::equals);
    }

    /** Creates one resource as it is (status included, as seeding a running copy needs). */
    public static void create(KubernetesClient client, HasMetadata item) {
        if (item instanceof GenericKubernetesResource generic) {
            var ctx = context(generic.getApiVersion(), generic.getKind());
            var op = client.genericKubernetesResources(ctx);
            if (ctx.isNamespaceScoped()) {
                String ns = generic.getMetadata().getNamespace() == null
                        ? "default"
                        : generic.getMetadata().getNamespace();
                generic.getMetadata().setNamespace(ns);
                op.inNamespace(ns).resource(generic).create();
            } else {
                op.resource(generic).create();
            }
            return;
        }
        client.resource(item).create();
    }

    /** A resource type by apiVersion and kind, without asking the server (custom resources need no CRD here). */
    public static ResourceDefinitionContext context(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(kind)
                .withPlural(Pluralize.toPlural(kind.toLowerCase(Locale.ROOT)))
                .withNamespaced(!CLUSTER_SCOPED.contains(kind))
                .build();
    }
}
