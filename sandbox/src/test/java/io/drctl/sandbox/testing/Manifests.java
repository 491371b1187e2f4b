package io.drctl.sandbox.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/** Ordinary Kubernetes objects for tests, built the way a manifest would say them. */
public final class Manifests {
    /**
     * The grace period of every pod these manifests make: short, so a deleted pod is Terminating
     * for a moment (the sandbox keeps it for exactly this long) without slowing tests down.
     */
    public static final long GRACE_SECONDS = 1;

    private Manifests() {}

    public static Deployment deployment(String namespace, String name, int replicas, Map<String, String> labels) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(merge(labels, Map.of("app", name)))
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .addNewContainer()
                .withName(name)
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The Deployment with {@code strategy.type} set: for {@code RollingUpdate}, with the given
     * maxSurge and maxUnavailable (each an int or a percentage string).
     */
    public static Deployment withStrategy(Deployment d, String type, Object maxSurge, Object maxUnavailable) {
        DeploymentBuilder b = new DeploymentBuilder(d);
        if (!type.equals("RollingUpdate")) {
            return b.editSpec()
                    .withNewStrategy()
                    .withType(type)
                    .endStrategy()
                    .endSpec()
                    .build();
        }
        return b.editSpec()
                .withNewStrategy()
                .withType(type)
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(maxSurge))
                .withMaxUnavailable(new IntOrString(maxUnavailable))
                .endRollingUpdate()
                .endStrategy()
                .endSpec()
                .build();
    }

    public static StatefulSet statefulSet(String namespace, String name, int replicas, Map<String, String> labels) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(merge(labels, Map.of("app", name)))
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .addNewContainer()
                .withName(name)
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    public static DaemonSet daemonSet(String namespace, String name) {
        return new DaemonSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .addNewContainer()
                .withName(name)
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A CustomResourceDefinition of one served version, v1, that keeps any field. */
    public static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition customResourceDefinition(
            String group, String kind, String plural, boolean namespaced) {
        return new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope(namespaced ? "Namespaced" : "Cluster")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
                .withListKind(kind + "List")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }

    public static Node node(String name, Map<String, String> labels) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
    }

    /** A pod no controller owns, on {@code node}. */
    public static Pod barePod(String namespace, String name, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .withNodeName(node)
                .addNewContainer()
                .withName(name)
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
    }

    public static PodDisruptionBudget minAvailable(String namespace, String name, String app, int minAvailable) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new IntOrString(minAvailable))
                .withNewSelector()
                .withMatchLabels(Map.of("app", app))
                .endSelector()
                .endSpec()
                .build();
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        java.util.Map<String, String> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
