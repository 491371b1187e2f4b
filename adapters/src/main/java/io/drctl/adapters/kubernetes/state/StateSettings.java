package io.drctl.adapters.kubernetes.state;

import io.drctl.engine.plan.Plan;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code spec.state}: the surviving site where run state is replicated. */
public record StateSettings(String site, String namespace, Duration leaseDuration) {
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public static Optional<StateSettings> of(Plan plan) {
        Optional<Object> section = plan.section(StateSection.NAME);
        if (section.isEmpty() || !(section.get() instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        return Optional.of(new StateSettings(
                (String) m.get("site"),
                m.get("namespace") instanceof String ns ? ns : "drctl",
                m.get("leaseDuration") instanceof Duration d ? d : DEFAULT_LEASE));
    }

    public String describe() {
        return "site " + site + ", namespace " + namespace;
    }
}
