package io.drctl.adapters.dns;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.PlanInvalidException;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.plan.load.Violation;
import io.drctl.engine.spi.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Plans written inline in tests, loaded by the real loader with the language as shipped. */
final class DnsPlans {
    static final Language LANGUAGE = Language.discover(DnsPlans.class.getClassLoader());

    /** The spec.dns every test plan starts with: an rfc2136 and a powerdns zone. */
    static final String DNS = """
            apiVersion: drctl.io/v1
            kind: RecoveryPlan
            metadata: { name: dns-test }
            spec:
              objectives: { rto: 20m }
              dns:
                public:
                  provider: rfc2136
                  zone: example.com.
                  server: 192.0.2.53
                  tsig: { name: drctl, secret: "${env:TSIG}" }
                api:
                  provider: powerdns
                  zone: example.org
                  apiUrl: http://127.0.0.1:8081
                  apiKey: "${env:PDNS_KEY}"
              steps:
            """;

    private DnsPlans() {}

    static Plan load(String yaml) {
        return new PlanLoader(LANGUAGE).parse(Path.of("plan.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** The violations' messages with their paths, e.g. {@code records[0].value: '1.2.3' is not an IPv4 address (type A) (at ...)}. */
    static List<String> violations(String yaml) {
        try {
            load(yaml);
            return List.of();
        } catch (PlanInvalidException e) {
            return e.violations().stream().map(Violation::toString).toList();
        }
    }

    /** {@link #DNS} followed by {@code steps}, indented as list entries under steps. */
    static String withSteps(String steps) {
        return DNS + steps.indent(4);
    }
}
