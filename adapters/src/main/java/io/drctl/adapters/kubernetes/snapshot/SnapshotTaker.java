package io.drctl.adapters.kubernetes.snapshot;

import io.drctl.adapters.kubernetes.select.Autoscalers;
import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.WorkloadSelection;
import io.drctl.adapters.kubernetes.select.Workloads;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.site.SiteSettings;
import io.drctl.adapters.kubernetes.state.StateSettings;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a capacity snapshot of one site for a plan: every Deployment and StatefulSet that the
 * plan's {@code k8s.scale} and {@code k8s.wait} steps select (whatever site those steps act on),
 * read from this site, with the HPA bounds that govern them; and keeps it in the state directory
 * and, when the plan has a state site that answers, in a ConfigMap there.
 */
public final class SnapshotTaker {
    private static final Set<String> SELECTING_TYPES = Set.of("k8s.scale", "k8s.wait");

    /** What was taken and where it went. */
    public record Taken(
            CapacitySnapshot snapshot, Path file, Optional<String> configMap, Optional<String> configMapProblem) {}

    private SnapshotTaker() {}

    public static Taken take(Plan plan, String siteName, Map<String, String> env) {
        SiteSettings site = SiteSettings.of(plan, siteName)
                .orElseThrow(() -> new DrctlException(
                        ExitCode.USAGE,
                        "plan " + plan.name() + " has no Kubernetes site '" + siteName + "' (sites: "
                                + plan.sites().keySet() + ")"));
        List<WorkloadSelection> selections = selections(plan, site, env);
        if (selections.isEmpty()) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "plan " + plan.name() + " has no k8s.scale or k8s.wait step selecting workloads: "
                            + "nothing to snapshot");
        }
        CapacitySnapshot snapshot;
        try (Cluster cluster = new Cluster(site, env)) {
            KubernetesClient client = cluster.client();
            Map<String, Workload> found = new LinkedHashMap<>();
            for (WorkloadSelection s : selections) {
                for (Workload w : Workloads.find(client, siteName, s)) {
                    if (!w.kind().scalable()) {
                        continue; // a wait's DaemonSet: its nodes decide its pods, there is no count to restore
                    }
                    found.putIfAbsent(w.key(), w);
                }
            }
            List<CapacitySnapshot.Entry> entries = new ArrayList<>();
            Autoscalers autoscalers = Autoscalers.of(client, List.copyOf(found.values()));
            for (Workload w : found.values()) {
                Optional<HorizontalPodAutoscaler> hpa = autoscalers.of(w);
                entries.add(new CapacitySnapshot.Entry(
                        w.key(),
                        w.replicas(),
                        hpa.map(h -> h.getSpec().getMinReplicas()),
                        hpa.map(h -> h.getSpec().getMaxReplicas())));
            }
            snapshot = new CapacitySnapshot(plan.name(), siteName, Instant.now(), entries);
        } catch (TargetUnreachableException e) {
            throw new DrctlException(ExitCode.UNREACHABLE, e.getMessage(), e);
        } catch (StepException e) {
            throw new DrctlException(ExitCode.STEP_FAILED, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrctlException(ExitCode.INTERRUPTED, "interrupted while reading site " + siteName, e);
        }
        Path file = SnapshotStore.saveLocal(SnapshotStore.stateRoot(env), snapshot);
        Optional<StateSettings> state = StateSettings.of(plan);
        if (state.isEmpty()) {
            return new Taken(snapshot, file, Optional.empty(), Optional.empty());
        }
        SiteSettings stateSite = SiteSettings.of(plan, state.get().site()).orElseThrow();
        try (Cluster cluster = new Cluster(stateSite, env)) {
            SnapshotStore.saveRemote(cluster.client(), state.get().namespace(), snapshot);
            return new Taken(
                    snapshot,
                    file,
                    Optional.of(state.get().namespace() + "/" + SnapshotStore.configMapName(plan.name(), siteName)
                            + " in site " + state.get().site()),
                    Optional.empty());
        } catch (StepException | RuntimeException e) {
            return new Taken(
                    snapshot,
                    file,
                    Optional.empty(),
                    Optional.of("not kept in site " + state.get().site() + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    static List<WorkloadSelection> selections(Plan plan, SiteSettings site, Map<String, String> env) {
        SecretReferences secrets = new SecretReferences(env, new Redactor());
        List<WorkloadSelection> out = new ArrayList<>();
        for (StepDefinition step : plan.steps()) {
            if (!SELECTING_TYPES.contains(step.type()) || step.with().get("jsonPath") != null) {
                continue;
            }
            try {
                out.add(WorkloadSelection.from(new Params(step.with(), secrets), site.defaultNamespace()));
            } catch (StepFailedException e) {
                throw new DrctlException(ExitCode.INVALID_PLAN, "step " + step.id() + ": " + e.getMessage());
            }
        }
        return out;
    }
}
