package io.drctl.adapters.kubernetes.select;

import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.engine.spi.StepException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists the workloads a selection means on one site: the server filters, then drctl filters again. */
public final class Workloads {
    private Workloads() {
    }

    public static List<Workload> find(KubernetesClient client, String site, WorkloadSelection selection) throws StepException {
        List<Workload> out = new ArrayList<>();
        for (String ns : selection.namespaces()) {
            try {
                if (selection.kinds().contains(Workload.Kind.Deployment)) {
                    var op = client.apps().deployments().inNamespace(ns);
                    List<Deployment> items = selection.selector().isEmpty() ? op.list().getItems()
                            : op.withLabelSelector(selection.selector().text()).list().getItems();
                    items.stream().map(Workload::of).filter(selection::selects).forEach(out::add);
                }
                if (selection.kinds().contains(Workload.Kind.StatefulSet)) {
                    var op = client.apps().statefulSets().inNamespace(ns);
                    List<StatefulSet> items = selection.selector().isEmpty() ? op.list().getItems()
                            : op.withLabelSelector(selection.selector().text()).list().getItems();
                    items.stream().map(Workload::of).filter(selection::selects).forEach(out::add);
                }
            } catch (RuntimeException e) {
                throw ApiFailures.translate(site, "listing workloads in namespace " + ns, e);
            }
        }
        out.sort(Comparator.comparing(Workload::namespace).thenComparing(Workload::name).thenComparing(Workload::kind));
        return out;
    }

    /** The current state of one workload, or null when it is gone. */
    public static Workload get(KubernetesClient client, String site, String namespace, Workload.Kind kind, String name)
            throws StepException {
        try {
            if (kind == Workload.Kind.Deployment) {
                Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
                return d == null ? null : Workload.of(d);
            }
            StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            return s == null ? null : Workload.of(s);
        } catch (RuntimeException e) {
            throw ApiFailures.translate(site, "reading " + namespace + "/" + name, e);
        }
    }

    /** Sets spec.replicas with a JSON merge patch: one request, and it works through the scale-less mock too. */
    public static void scale(KubernetesClient client, String site, Workload w, int replicas) throws StepException {
        String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
        var context = io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);
        try {
            if (w.kind() == Workload.Kind.Deployment) {
                client.apps().deployments().inNamespace(w.namespace()).withName(w.name()).patch(context, patch);
            } else {
                client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()).patch(context, patch);
            }
        } catch (RuntimeException e) {
            throw ApiFailures.translate(site, "scaling " + w.display() + " to " + replicas, e);
        }
    }
}
