package io.drctl.adapters.kubernetes.state;

import io.drctl.adapters.kubernetes.site.SiteSettings;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.RunStateReplica;
import io.drctl.engine.spi.RunStateReplicas;
import java.util.Map;
import java.util.Optional;

/** Replicates the run state of plans with {@code spec.state} to that Kubernetes site. */
public final class KubernetesRunStateReplicas implements RunStateReplicas {
    @Override
    public Optional<RunStateReplica> open(Plan plan, Map<String, String> environment) {
        return StateSettings.of(plan)
                .flatMap(state -> SiteSettings.of(plan, state.site())
                        .map(site -> new KubernetesRunState(state, site, plan.name(), environment)));
    }
}
