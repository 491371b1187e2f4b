package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.plan.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What drctl validate says about spec.dns and the DNS steps: one line each, at the value that is wrong. */
class DnsValidationTest {

    private static String update(String records) {
        return DnsPlans.withSteps("""
                - id: reroute
                  type: dns.update
                  with:
                    zone: public
                    records:
                """ + records.indent(6));
    }

    @Test
    void a_valid_plan_keeps_spec_dns_with_secret_references_unresolved() {
        Plan plan = DnsPlans.load(update("- { name: chat, type: A, value: 198.51.100.10, ttl: 30 }"));

        @SuppressWarnings("unchecked")
        Map<String, Object> dns = (Map<String, Object>) plan.sections().get("dns");
        assertThat(dns).containsOnlyKeys("public", "api");
        assertThat(dns.get("public")).asString().contains("secret=${env:TSIG}");
    }

    @Test
    void a_zone_that_is_not_in_spec_dns_names_the_ones_that_are() {
        assertThat(DnsPlans.violations(update("- { name: chat, type: A, value: 198.51.100.10 }")
                        .replace("zone: public", "zone: pubic")))
                .containsExactly(
                        "plan.yaml:21:15: 'pubic' is not a zone of spec.dns (spec.dns has: api, public) (at spec.steps[0].with.zone)");
    }

    @Test
    void a_value_must_fit_its_type() {
        assertThat(DnsPlans.violations(update("""
                - { name: chat, type: A, value: 198.51.100.300 }
                - { name: v6, type: AAAA, value: 192.0.2.1 }
                """)))
                .containsExactly(
                        "plan.yaml:23:43: '198.51.100.300' is not an IPv4 address (type A) (at spec.steps[0].with.records[0].value)",
                        "plan.yaml:24:44: '192.0.2.1' is not an IPv6 address (type AAAA) (at spec.steps[0].with.records[1].value)");
    }

    @Test
    void a_name_outside_the_zone_is_refused() {
        assertThat(DnsPlans.violations(update("- { name: chat.example.org., type: A, value: 198.51.100.10 }")))
                .singleElement()
                .asString()
                .contains("chat.example.org. is not inside zone example.com.");
    }

    @Test
    void a_cname_stands_alone_and_not_at_the_apex() {
        assertThat(DnsPlans.violations(update("""
                - { name: "@", type: CNAME, value: other.example.net. }
                - { name: www, type: CNAME, value: [a.example.net., b.example.net.] }
                - { name: chat, type: CNAME, value: chat.gasan }
                - { name: chat, type: TXT, value: hello }
                - { name: chat, type: TXT, value: again }
                """)))
                .containsExactly(
                        "plan.yaml:23:21: a CNAME cannot be at the zone's apex (example.com.): it has SOA and NS records (at spec.steps[0].with.records[0].name)",
                        "plan.yaml:24:39: a CNAME has exactly one value (at spec.steps[0].with.records[1].value)",
                        "plan.yaml:25:13: a CNAME cannot share its name with other records, and records[4] sets another type at chat.example.com. (at spec.steps[0].with.records[2])",
                        "plan.yaml:27:13: chat.example.com. TXT is already set by an earlier entry of records (at spec.steps[0].with.records[4])");
    }

    @Test
    void each_provider_needs_its_fields_and_only_its_fields() {
        String plan = DnsPlans.DNS
                        .replace("server: 192.0.2.53", "apiUrl: http://x:8081")
                        .replace("apiKey: \"${env:PDNS_KEY}\"", "apiKey: \"${env:PDNS_KEY}\"\n      tcp: true")
                + "    - { id: w, type: wait, with: { duration: 1s } }\n";
        assertThat(DnsPlans.violations(plan))
                .containsExactlyInAnyOrder(
                        "plan.yaml:8:7: provider rfc2136 needs 'server' (at spec.dns.public.server)",
                        "plan.yaml:10:15: 'apiUrl' is a field of provider powerdns, not of rfc2136 (at spec.dns.public.apiUrl)",
                        "plan.yaml:17:12: 'tcp' is a field of provider rfc2136, not of powerdns (at spec.dns.api.tcp)");
    }

    @Test
    void secrets_must_be_references_not_literals() {
        String plan = DnsPlans.DNS
                        .replace("secret: \"${env:TSIG}\"", "secret: c2VjcmV0")
                        .replace("apiKey: \"${env:PDNS_KEY}\"", "apiKey: changeme")
                + "    - { id: w, type: wait, with: { duration: 1s } }\n";
        assertThat(DnsPlans.violations(plan))
                .containsExactly(
                        "plan.yaml:11:36: write the secret as a reference (${file:PATH} or ${env:NAME}): plans are shown, logged and copied into run records (at spec.dns.public.tsig.secret)",
                        "plan.yaml:16:15: write the API key as a reference (${file:PATH} or ${env:NAME}): plans are shown, logged and copied into run records (at spec.dns.api.apiKey)");
    }

    @Test
    void servers_and_urls_must_parse() {
        String plan = DnsPlans.DNS
                        .replace("server: 192.0.2.53", "server: \"192.0.2.53:99999\"")
                        .replace("apiUrl: http://127.0.0.1:8081", "apiUrl: ftp://x")
                + "    - { id: w, type: wait, with: { duration: 1s } }\n";
        assertThat(DnsPlans.violations(plan))
                .containsExactly(
                        "plan.yaml:10:15: '192.0.2.53:99999' is not host, host:port or [IPv6]:port (at spec.dns.public.server)",
                        "plan.yaml:15:15: must be an http:// or https:// URL with a host (at spec.dns.api.apiUrl)");
    }

    @Test
    void check_dns_needs_something_to_ask_and_absolute_names_without_a_zone() {
        assertThat(DnsPlans.violations(DnsPlans.withSteps("""
                - id: prove
                  type: check.dns
                  with: { name: chat, expect: 198.51.100.10 }
                """)))
                .containsExactly(
                        "plan.yaml:20:13: nothing to ask: list resolvers, or give a zone whose authoritative server is asked (at spec.steps[0].with.resolvers)",
                        "plan.yaml:20:21: 'chat' is relative: give a zone, or write the name absolute with a trailing dot (at spec.steps[0].with.name)");
    }

    @Test
    void check_dns_on_a_powerdns_zone_without_nameserver_cannot_ask_it() {
        assertThat(DnsPlans.violations(DnsPlans.withSteps("""
                - id: prove
                  type: check.dns
                  with: { zone: api, name: chat, expect: 198.51.100.10, resolvers: ["10.0.0.53:53", "not a server"] }
                """)))
                .containsExactly(
                        "plan.yaml:20:13: spec.dns.api names no nameserver to ask: give it one, or set authoritative: false and list resolvers (at spec.steps[0].with.authoritative)",
                        "plan.yaml:20:89: 'not a server' is not host, host:port or [IPv6]:port (at spec.steps[0].with.resolvers[1])");
    }

    @Test
    void check_dns_nameservers_are_servers_compared_by_the_zone_serial_so_they_need_a_zone() {
        assertThat(DnsPlans.violations(DnsPlans.withSteps("""
                - id: prove
                  type: check.dns
                  with: { name: chat.example.com., expect: 198.51.100.10, nameservers: ["ns2.example.com", "not a server"] }
                """)))
                .anySatisfy(
                        v -> assertThat(v)
                                .contains(
                                        "'not a server' is not host, host:port or [IPv6]:port (at spec.steps[0].with.nameservers[1])"))
                .anySatisfy(
                        v -> assertThat(v)
                                .contains(
                                        "authoritative servers are compared by the zone's SOA serial: give a zone (at spec.steps[0].with.nameservers)"));
    }

    @Test
    void check_dns_needs_at_least_one_right_answer_in_a_row() {
        assertThat(DnsPlans.violations(DnsPlans.withSteps("""
                - id: prove
                  type: check.dns
                  with: { zone: public, name: chat, expect: 198.51.100.10, consecutive: 0 }
                """)))
                .singleElement()
                .asString()
                .contains("must be at least 1, got 0 (at spec.steps[0].with.consecutive)");
    }

    @Test
    void dns_ttl_checks_names_against_the_zone() {
        assertThat(DnsPlans.violations(DnsPlans.withSteps("""
                - id: shorten
                  type: dns.ttl
                  with:
                    zone: public
                    records: [ { name: chat.example.net., type: A } ]
                    ttl: 30
                """)))
                .singleElement()
                .asString()
                .contains("chat.example.net. is not inside zone example.com.");
    }

    @Test
    void ttl_lowered_in_needs_wait_for_ttl_and_a_run_id() {
        String records = "- { name: chat, type: A, value: 198.51.100.10 }";

        assertThat(DnsPlans.violations(update(records) + "        ttlLoweredIn: 20261201-093000-7f3a\n"))
                .singleElement()
                .asString()
                .contains("ttlLoweredIn says how long waitForTtl waits: set waitForTtl: true, or leave it out")
                .contains("(at spec.steps[0].with.ttlLoweredIn)");
        assertThat(DnsPlans.violations(
                        update(records) + "        waitForTtl: true\n        ttlLoweredIn: last-tuesday\n"))
                .singleElement()
                .asString()
                .contains("'last-tuesday' does not match the pattern");
        assertThat(DnsPlans.violations(
                        update(records) + "        waitForTtl: true\n        ttlLoweredIn: 20261201-093000-7f3a\n"))
                .isEmpty();
    }
}
