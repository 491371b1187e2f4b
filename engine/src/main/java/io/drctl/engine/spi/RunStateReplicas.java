package io.drctl.engine.spi;

import io.drctl.engine.plan.Plan;
import java.util.Map;
import java.util.Optional;

/**
 * Where a plan's run state is replicated beyond this machine, e.g. a surviving site named by
 * {@code spec.state} (docs/architecture.md, "Run state and resume"): the journal mirrored there, and a lease there that keeps two
 * operators on two machines from driving the same plan at once. Registered in
 * {@code META-INF/services/io.drctl.engine.spi.RunStateReplicas}; the engine asks every provider
 * and uses the first that answers for the plan.
 */
public interface RunStateReplicas {

    /**
     * A replica for one run (or one restore) of {@code plan}, or empty when the plan keeps its
     * state only locally. Must not contact any target yet.
     *
     * @param environment the variables the run's secret references resolve against (e.g. KUBECONFIG)
     */
    Optional<RunStateReplica> open(Plan plan, Map<String, String> environment);
}
