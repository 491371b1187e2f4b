package io.drctl.adapters.kubernetes.drain;

import io.drctl.adapters.kubernetes.select.LabelSelector;
import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Nodes by name or selector, and the pods on a node: the server filters, then drctl filters again. */
public final class NodePods {
    private NodePods() {}

    public static List<Node> nodes(KubernetesClient client, String site, List<String> names, LabelSelector selector)
            throws StepException {
        try {
            List<Node> out = new ArrayList<>();
            if (!names.isEmpty()) {
                for (String name : names) {
                    Node n = client.nodes().withName(name).get();
                    if (n == null) {
                        throw new StepFailedException("site " + site + " has no node " + name);
                    }
                    if (selector.matches(n.getMetadata().getLabels())) {
                        out.add(n);
                    }
                }
            } else {
                client.nodes().withLabelSelector(selector.text()).list().getItems().stream()
                        .filter(n -> selector.matches(n.getMetadata().getLabels()))
                        .forEach(out::add);
            }
            out.sort(Comparator.comparing(n -> n.getMetadata().getName()));
            return out;
        } catch (RuntimeException e) {
            throw ApiFailures.translate(site, "listing nodes", e);
        }
    }

    /** The pods bound to {@code node}, in every namespace. */
    public static List<Pod> on(KubernetesClient client, String site, String node) throws StepException {
        try {
            return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
                    .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                    .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
                            .thenComparing(p -> p.getMetadata().getName()))
                    .toList();
        } catch (RuntimeException e) {
            throw ApiFailures.translate(site, "listing the pods on node " + node, e);
        }
    }

    public static boolean cordoned(Node n) {
        return n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    }
}
