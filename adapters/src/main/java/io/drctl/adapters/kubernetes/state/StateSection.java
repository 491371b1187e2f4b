package io.drctl.adapters.kubernetes.state;

import io.drctl.adapters.kubernetes.site.KubernetesSiteFacet;
import io.drctl.engine.plan.Site;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanSection;
import io.drctl.engine.spi.PlanValidation;
import java.time.Duration;
import java.util.Map;

/**
 * {@code spec.state: {site, namespace}}: where, in a site that survives, run state is replicated
 * (the journal in ConfigMaps, a Lease guarding the plan) and capacity snapshots are kept.
 */
public final class StateSection implements PlanSection {
    public static final String NAME = "state";

    private static final Schema.Obj SCHEMA = Schema.object(
                    "Where run state is replicated: a Kubernetes site that survives the "
                            + "disaster (not the one the plan fails away from). The journal is mirrored there in ConfigMaps, a Lease named "
                            + "after the plan keeps two runs from driving it at once, and capacity snapshots are kept there.")
            .required(
                    "site",
                    Schema.string("The site (a key of spec.sites with kubernetes settings).")
                            .noSecrets())
            .optional(
                    "namespace",
                    Schema.string("The namespace for the ConfigMaps and the Lease (it must exist).")
                            .noSecrets()
                            .pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
                    "drctl")
            .optional(
                    "leaseDuration",
                    Schema.duration(
                            "How long the lease stays valid without renewal; a run renews it every "
                                    + "third of this. Another machine may take over a lease this much after its holder stopped renewing."),
                    StateSettings.DEFAULT_LEASE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public void validate(Object value, PlanValidation validation) {
        if (!(value instanceof Map<?, ?> m) || !(m.get("site") instanceof String site)) {
            return;
        }
        Site s = validation.plan().sites().get(site);
        if (s == null) {
            validation.error("site", "no site '" + site + "' in spec.sites");
        } else if (!s.facets().containsKey(KubernetesSiteFacet.NAME)) {
            validation.error(
                    "site", "site '" + site + "' has no kubernetes settings; run state lives in a Kubernetes site");
        }
        if (m.get("leaseDuration") instanceof Duration d && d.compareTo(Duration.ofSeconds(3)) < 0) {
            validation.error("leaseDuration", "must be at least 3s (it is renewed every third of it)");
        }
    }
}
