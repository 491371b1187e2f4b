package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.plan.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What drctl validate says about an externaldns zone: one line each, at the value that is wrong. */
class ExternalDnsValidationTest {
    static final String PLAN = """
            apiVersion: drctl.io/v1
            kind: RecoveryPlan
            metadata: { name: externaldns-test }
            spec:
              sites:
                gasan: { kubernetes: { context: gasan, namespace: chat } }
                pangyo: { description: no cluster here }
              dns:
                public:
                  provider: externaldns
                  zone: example.com.
                  site: gasan
              steps:
                - id: reroute
                  type: dns.update
                  with:
                    zone: public
                    records:
                      - { name: chat, type: A, value: 198.51.100.10, ttl: 30 }
            """;

    @Test
    void a_zone_in_a_kubernetes_site_is_valid_and_names_resolve_relative_to_it() {
        Plan plan = DnsPlans.load(PLAN);

        assertThat(((Map<?, ?>) plan.sections().get("dns")).get("public"))
                .asString()
                .contains("site=gasan");
        assertThat(DnsPlans.violations(PLAN.replace("name: chat,", "name: chat.example.org.,")))
                .containsExactly(
                        "plan.yaml:19:21: chat.example.org. is not inside zone example.com. (write names relative to "
                                + "the zone, e.g. chat, or absolute with a trailing dot) (at spec.steps[0].with.records[0].name)");
    }

    @Test
    void the_site_must_be_in_spec_sites() {
        assertThat(DnsPlans.violations(PLAN.replace("site: gasan", "site: gasna")))
                .containsExactly(
                        "plan.yaml:12:13: no site 'gasna' in spec.sites (spec.sites has: gasan, pangyo) (at spec.dns.public.site)");
    }

    @Test
    void the_site_must_have_kubernetes_settings() {
        assertThat(DnsPlans.violations(PLAN.replace("site: gasan", "site: pangyo")))
                .containsExactly(
                        "plan.yaml:12:13: site 'pangyo' has no kubernetes settings (spec.sites.pangyo.kubernetes): the externaldns "
                                + "provider writes a DNSEndpoint through the site's API server (at spec.dns.public.site)");
    }

    @Test
    void the_provider_needs_its_fields_and_only_its_fields() {
        String plan = PLAN.replace(
                        "      site: gasan\n", "      apiUrl: http://pdns:8081\n      nameserver: 10.0.0.53\n")
                .replace(
                        "  steps:",
                        "    internal:\n      provider: rfc2136\n      zone: corp.example.net.\n"
                                + "      server: 10.0.0.53\n      nameserver: 10.0.0.54\n  steps:");
        assertThat(DnsPlans.violations(plan))
                .containsExactlyInAnyOrder(
                        "plan.yaml:10:7: provider externaldns needs 'site' (at spec.dns.public.site)",
                        "plan.yaml:12:15: 'apiUrl' is a field of provider powerdns, not of externaldns (at spec.dns.public.apiUrl)",
                        "plan.yaml:18:19: 'nameserver' is a field of providers powerdns, externaldns, not of rfc2136 (at spec.dns.internal.nameserver)");
    }

    @Test
    void the_dns_endpoint_and_namespace_must_be_kubernetes_names() {
        assertThat(DnsPlans.violations(PLAN.replace(
                        "site: gasan", "site: gasan\n      dnsEndpoint: Drctl_Public\n      namespace: chat.ns")))
                .hasSize(2)
                .allSatisfy(v -> assertThat(v).contains("does not match"))
                .anySatisfy(v -> assertThat(v).contains("(at spec.dns.public.dnsEndpoint)"))
                .anySatisfy(v -> assertThat(v).contains("(at spec.dns.public.namespace)"));
    }

    @Test
    void check_dns_on_an_externaldns_zone_asks_its_nameserver_or_only_resolvers() {
        String check = """
                    - id: prove
                      type: check.dns
                      with: { zone: public, name: chat, expect: 198.51.100.10 }
                """;
        assertThat(DnsPlans.violations(PLAN + check))
                .containsExactly(
                        "plan.yaml:22:13: spec.dns.public names no nameserver to ask: give it one, or set authoritative: false and "
                                + "list resolvers (at spec.steps[1].with.authoritative)");
        assertThat(DnsPlans.violations(PLAN.replace("site: gasan", "site: gasan\n      nameserver: 10.0.0.53") + check))
                .isEmpty();
    }
}
