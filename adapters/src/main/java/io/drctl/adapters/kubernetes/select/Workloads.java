package io.drctl.adapters.kubernetes.select;

import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.adapters.kubernetes.site.SiteRequests;
import io.drctl.engine.spi.StepException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Lists the workloads a selection means on one site: the server filters, then drctl filters again. */
public final class Workloads {
    private Workloads() {}

    public static List<Workload> find(KubernetesClient client, String site, WorkloadSelection selection)
            throws StepException, InterruptedException {
        List<Workload> out = Collections.synchronizedList(new ArrayList<>());
        List<Map.Entry<String, Workload.Kind>> lists = new ArrayList<>();
        for (String ns : selection.namespaces()) {
            selection.kinds().forEach(kind -> lists.add(Map.entry(ns, kind)));
        }
        // One list per namespace and kind, side by side: 20 namespaces are one round trip, not 40.
        SiteRequests.forEach(lists, nsKind -> {
            String ns = nsKind.getKey();
            try {
                listed(
                                client,
                                ns,
                                nsKind.getValue(),
                                selection.selector().isEmpty()
                                        ? null
                                        : selection.selector().text())
                        .stream()
                        .filter(selection::selects)
                        .forEach(out::add);
            } catch (RuntimeException e) {
                throw ApiFailures.translate(site, "listing workloads in namespace " + ns, e);
            }
        });
        List<Workload> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(Workload::namespace)
                .thenComparing(Workload::name)
                .thenComparing(Workload::kind));
        return sorted;
    }

    /**
     * The current state of {@code wanted}, by key; a key that is missing is a workload that is
     * gone. One list per namespace and kind that holds several of them (a GET for a lone one),
     * so watching 500 workloads in 20 namespaces costs 20 requests a round, not 500.
     */
    public static Map<String, Workload> current(KubernetesClient client, String site, List<Workload> wanted)
            throws StepException, InterruptedException {
        Map<String, List<Workload>> groups = new LinkedHashMap<>();
        for (Workload w : wanted) {
            groups.computeIfAbsent(w.kind() + "/" + w.namespace(), k -> new ArrayList<>())
                    .add(w);
        }
        Map<String, Workload> out = new ConcurrentHashMap<>();
        SiteRequests.forEach(new ArrayList<>(groups.values()), group -> {
            Workload first = group.getFirst();
            if (group.size() == 1) {
                Workload now = get(client, site, first.namespace(), first.kind(), first.name());
                if (now != null) {
                    out.put(now.key(), now);
                }
                return;
            }
            try {
                listed(client, first.namespace(), first.kind(), null).forEach(w -> out.put(w.key(), w));
            } catch (RuntimeException e) {
                throw ApiFailures.translate(site, "listing workloads in namespace " + first.namespace(), e);
            }
        });
        out.keySet().retainAll(wanted.stream().map(Workload::key).collect(Collectors.toSet()));
        return new HashMap<>(out);
    }

    /** One list of a kind in a namespace, with the label selector sent to the server (null: none). */
    private static List<Workload> listed(
            KubernetesClient client, String namespace, Workload.Kind kind, String selector) {
        return switch (kind) {
            case Deployment -> {
                var op = client.apps().deployments().inNamespace(namespace);
                yield (selector == null
                                ? op.list()
                                : op.withLabelSelector(selector).list())
                        .getItems().stream().map(Workload::of).toList();
            }
            case StatefulSet -> {
                var op = client.apps().statefulSets().inNamespace(namespace);
                yield (selector == null
                                ? op.list()
                                : op.withLabelSelector(selector).list())
                        .getItems().stream().map(Workload::of).toList();
            }
            case DaemonSet -> {
                var op = client.apps().daemonSets().inNamespace(namespace);
                yield (selector == null
                                ? op.list()
                                : op.withLabelSelector(selector).list())
                        .getItems().stream().map(Workload::of).toList();
            }
        };
    }

    /** The current state of one workload, or null when it is gone. */
    public static Workload get(KubernetesClient client, String site, String namespace, Workload.Kind kind, String name)
            throws StepException {
        try {
            return switch (kind) {
                case Deployment -> {
                    Deployment d = client.apps()
                            .deployments()
                            .inNamespace(namespace)
                            .withName(name)
                            .get();
                    yield d == null ? null : Workload.of(d);
                }
                case StatefulSet -> {
                    StatefulSet s = client.apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName(name)
                            .get();
                    yield s == null ? null : Workload.of(s);
                }
                case DaemonSet -> {
                    var ds = client.apps()
                            .daemonSets()
                            .inNamespace(namespace)
                            .withName(name)
                            .get();
                    yield ds == null ? null : Workload.of(ds);
                }
            };
        } catch (RuntimeException e) {
            throw ApiFailures.translate(site, "reading " + namespace + "/" + name, e);
        }
    }

    /**
     * Sets spec.replicas with a JSON merge patch: one request, and it works through the scale-less
     * mock too. Sent through {@code resource(...)}, not {@code withName(...)}: Fabric8 reads the
     * object first on the latter, a second round trip per workload for nothing.
     */
    public static void scale(KubernetesClient client, String site, Workload w, int replicas) throws StepException {
        if (!w.kind().scalable()) {
            throw new IllegalArgumentException(
                    w.display() + " has no replica count to set"); // selections of scaling steps exclude it
        }
        String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
        var context = PatchContext.of(PatchType.JSON_MERGE);
        var metadata = new ObjectMetaBuilder()
                .withNamespace(w.namespace())
                .withName(w.name())
                .build();
        try {
            if (w.kind() == Workload.Kind.Deployment) {
                Deployment named =
                        new DeploymentBuilder().withMetadata(metadata).build();
                client.apps()
                        .deployments()
                        .inNamespace(w.namespace())
                        .resource(named)
                        .patch(context, patch);
            } else {
                StatefulSet named =
                        new StatefulSetBuilder().withMetadata(metadata).build();
                client.apps()
                        .statefulSets()
                        .inNamespace(w.namespace())
                        .resource(named)
                        .patch(context, patch);
            }
        } catch (RuntimeException e) {
            throw ApiFailures.translateWrite(site, "scaling " + w.display() + " to " + replicas, e);
        }
    }
}
