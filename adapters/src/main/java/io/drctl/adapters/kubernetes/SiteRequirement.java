package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.site.KubernetesSiteFacet;
import io.drctl.engine.plan.Site;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.StepFailedException;

/** Every k8s.* step acts on one site that has kubernetes settings. */
final class SiteRequirement {
    private SiteRequirement() {}

    static void validate(StepDefinition step, PlanValidation validation) {
        if (step.site().isEmpty()) {
            validation.error("", step.type() + " needs site: (a key of spec.sites with kubernetes settings)");
            return;
        }
        checkSite(step.site().get(), "", validation);
    }

    /** Reports at {@code withPath} when {@code site} is not a Kubernetes site of the plan. */
    static void checkSite(String site, String withPath, PlanValidation validation) {
        Site s = validation.plan().sites().get(site);
        if (s == null) {
            if (!withPath.isEmpty()) {
                validation.error(withPath, "no site '" + site + "' in spec.sites");
            }
        } else if (!s.facets().containsKey(KubernetesSiteFacet.NAME)) {
            validation.error(
                    withPath, "site '" + site + "' has no kubernetes settings (spec.sites." + site + ".kubernetes)");
        }
    }

    static String siteOf(StepDefinition step) throws StepFailedException {
        return step.site().orElseThrow(() -> new StepFailedException(step.type() + " needs site:"));
    }
}
