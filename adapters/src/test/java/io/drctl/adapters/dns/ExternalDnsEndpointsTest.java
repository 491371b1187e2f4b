package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.adapters.dns.RecordSet.RrsetKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** RRsets as the endpoints of an ExternalDNS DNSEndpoint, and back: what the externaldns provider reads and writes. */
class ExternalDnsEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Name ZONE = DnsModelTest.name("example.com.");
    static final Name CHAT = DnsModelTest.name("chat.example.com.");
    static final Name WWW = DnsModelTest.name("www.example.com.");

    static JsonNode endpoints(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void an_endpoint_reads_as_an_rrset_whatever_the_case_and_trailing_dot_of_its_name() throws Exception {
        JsonNode e =
                endpoints("[{'dnsName': 'Chat.Example.com', 'recordType': 'A', 'targets': ['192.0.2.11', '192.0.2.10'],"
                        + " 'recordTTL': 60}]");

        assertThat(ExternalDnsEndpoints.find(e, CHAT, RecordType.A, 300))
                .contains(new RecordSet(CHAT, RecordType.A, 60, List.of("192.0.2.10", "192.0.2.11")));
        assertThat(ExternalDnsEndpoints.find(
                        endpoints("[{'dnsName': 'chat.example.com.', 'recordType': 'A', 'targets': ['192.0.2.10']}]"),
                        CHAT,
                        RecordType.A,
                        300))
                .map(RecordSet::describe)
                .contains("chat.example.com. A 192.0.2.10 (ttl 300)");
        assertThat(ExternalDnsEndpoints.find(e, CHAT, RecordType.AAAA, 300)).isEmpty();
        assertThat(ExternalDnsEndpoints.find(e, WWW, RecordType.A, 300)).isEmpty();
    }

    @Test
    void an_endpoint_without_recordttl_has_the_zones_default_ttl() throws Exception {
        JsonNode e = endpoints(
                "[{'dnsName': 'chat.example.com', 'recordType': 'A', 'targets': ['192.0.2.10'], 'recordTTL': 0}]");

        assertThat(ExternalDnsEndpoints.find(e, CHAT, RecordType.A, 120))
                .map(RecordSet::ttl)
                .contains(120L);
    }

    @Test
    void cname_targets_are_absolute_without_the_dot_and_txt_targets_quoted() throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode e = (com.fasterxml.jackson.databind.node.ArrayNode) endpoints(
                "[{'dnsName': 'www.example.com', 'recordType': 'CNAME', 'targets': ['WWW.Gasan.example.com']}]");
        e.addObject()
                .put("dnsName", "chat.example.com")
                .put("recordType", "TXT")
                .putArray("targets")
                .add("\"site \\\"b\\\"\"")
                .add("plain");

        assertThat(ExternalDnsEndpoints.find(e, WWW, RecordType.CNAME, 300))
                .map(RecordSet::values)
                .contains(List.of("www.gasan.example.com."));
        assertThat(ExternalDnsEndpoints.find(e, CHAT, RecordType.TXT, 300))
                .map(RecordSet::values)
                .contains(List.of("plain", "site \"b\""));
        assertThat(ExternalDnsEndpoints.target(RecordType.CNAME, "www.gasan.example.com."))
                .isEqualTo("www.gasan.example.com");
        assertThat(ExternalDnsEndpoints.target(RecordType.TXT, "site \"b\"")).isEqualTo("\"site \\\"b\\\"\"");
        assertThat(ExternalDnsEndpoints.dnsName(CHAT)).isEqualTo("chat.example.com");
    }

    @Test
    void a_target_that_is_not_data_of_its_type_names_the_endpoint() throws Exception {
        JsonNode e = endpoints(
                "[{'dnsName': 'chat.example.com', 'recordType': 'A', 'targets': ['chat.gasan.example.com']}]");

        assertThatThrownBy(() -> ExternalDnsEndpoints.find(e, CHAT, RecordType.A, 300))
                .hasMessage(
                        "the endpoint chat.example.com. A has target 'chat.gasan.example.com' is not an IPv4 address");
    }

    @Test
    void several_endpoints_for_one_rrset_are_refused_rather_than_guessed() throws Exception {
        JsonNode e = endpoints(
                "[{'dnsName': 'chat.example.com', 'recordType': 'A', 'targets': ['192.0.2.10'], 'setIdentifier': 'pangyo'},"
                        + " {'dnsName': 'chat.example.com', 'recordType': 'A', 'targets': ['198.51.100.10'], 'setIdentifier': 'gasan'}]");

        assertThatThrownBy(() -> ExternalDnsEndpoints.find(e, CHAT, RecordType.A, 300))
                .hasMessage(
                        "2 endpoints have chat.example.com. A (setIdentifier pangyo, gasan): drctl does not choose among "
                                + "weighted or routed records; give the name one endpoint");
    }

    @Test
    void a_change_replaces_and_removes_only_the_endpoints_of_its_rrsets() throws Exception {
        JsonNode before = endpoints("""
                [{'dnsName': 'www.example.com', 'recordType': 'A', 'targets': ['192.0.2.20'], 'recordTTL': 300},
                 {'dnsName': 'api.example.com', 'recordType': 'A', 'targets': ['192.0.2.30'], 'labels': {'team': 'chat'}},
                 {'dnsName': 'www.example.com', 'recordType': 'MX', 'targets': ['10 mail.example.com']},
                 {'dnsName': 'chat.example.com', 'recordType': 'A', 'targets': ['192.0.2.10'], 'recordTTL': 300,
                  'providerSpecific': [{'name': 'aws/evaluate-target-health', 'value': 'true'}]}]
                """);
        ZoneChange change = new ZoneChange(
                List.of(new RrsetKey(WWW, RecordType.A)),
                List.of(
                        new RecordSet(WWW, RecordType.CNAME, 60, List.of("www.gasan.example.com.")),
                        new RecordSet(CHAT, RecordType.A, 30, List.of("198.51.100.10"))));

        JsonNode after = ExternalDnsEndpoints.withChange(before, change);

        assertThat(after.toString()).isEqualTo(endpoints("""
                [{'dnsName': 'api.example.com', 'recordType': 'A', 'targets': ['192.0.2.30'], 'labels': {'team': 'chat'}},
                 {'dnsName': 'www.example.com', 'recordType': 'MX', 'targets': ['10 mail.example.com']},
                 {'dnsName': 'chat.example.com', 'recordType': 'A', 'targets': ['198.51.100.10'], 'recordTTL': 30,
                  'providerSpecific': [{'name': 'aws/evaluate-target-health', 'value': 'true'}]},
                 {'dnsName': 'www.example.com', 'recordType': 'CNAME', 'targets': ['www.gasan.example.com'], 'recordTTL': 60}]
                """).toString());
        assertThat(before.size()).as("the input is left as it was").isEqualTo(4);
    }

    @Test
    void what_a_change_writes_reads_back_as_what_was_asked() throws Exception {
        RecordSet txt = new RecordSet(CHAT, RecordType.TXT, 30, List.of("failover to \"gasan\"", "x".repeat(300)));
        RecordSet aaaa = new RecordSet(WWW, RecordType.AAAA, 30, List.of("2001:db8:0:0:0:0:0:10"));

        JsonNode written = ExternalDnsEndpoints.withChange(null, new ZoneChange(List.of(), List.of(txt, aaaa)));

        assertThat(ExternalDnsEndpoints.find(written, CHAT, RecordType.TXT, 300))
                .isEqualTo(Optional.of(txt));
        assertThat(ExternalDnsEndpoints.find(written, WWW, RecordType.AAAA, 300))
                .isEqualTo(Optional.of(aaaa));
    }
}
