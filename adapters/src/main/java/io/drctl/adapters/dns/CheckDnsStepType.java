package io.drctl.adapters.dns;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** {@code check.dns}: resolves a name at the authoritative server and resolvers until all answer the expected value. */
public final class CheckDnsStepType extends DocumentedStepType {
    static final String NAME = "check.dns";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);
    static final long DEFAULT_CONSECUTIVE = 3;

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a check.dns step.")
            .optional(
                    "zone",
                    Schema.string("A key of spec.dns: the name is relative to that zone, and its "
                                    + "authoritative server is asked too (unless authoritative: false).")
                            .noSecrets())
            .required(
                    "name",
                    Schema.string("The name to resolve: relative to the zone (chat), @ for the zone itself, "
                                    + "or absolute with a trailing dot.")
                            .noSecrets())
            .optional("type", DnsUpdateStepType.TYPE, "A")
            .required(
                    "expect",
                    Schema.anyOf(
                            "The value every server must answer, or the list of values (in any order).",
                            Schema.string("One value.").noSecrets(),
                            Schema.array(
                                            "Several values.",
                                            Schema.string("One value.").noSecrets())
                                    .minItems(1)))
            .optional(
                    "resolvers",
                    Schema.array(
                            "Resolvers to ask (host or host:port), e.g. the ones your users' " + "clients use.",
                            Schema.string("A resolver, host or host:port.").noSecrets()))
            .optional(
                    "authoritative",
                    Schema.bool("Ask the zone's authoritative servers as well: its configured server "
                            + "(the rfc2136 server, or the nameserver of the entry) and every server of the zone's NS set, and "
                            + "require them all to be at the same, newest SOA serial."),
                    true)
            .optional(
                    "nameservers",
                    Schema.array(
                            "Further authoritative servers of the zone to ask and compare SOA "
                                    + "serials with (host or host:port), e.g. hidden secondaries not in the NS set.",
                            Schema.string("A server, host or host:port.").noSecrets()))
            .optional(
                    "consecutive",
                    Schema.integer("How many times in a row each resolver must answer the expected "
                                    + "value, one interval apart, before it counts as converged: one right answer from an anycast "
                                    + "or load-balanced resolver proves little. A wrong answer starts the count over.")
                            .min(1)
                            .max(100),
                    DEFAULT_CONSECUTIVE)
            .optional("interval", Schema.duration("The pause between rounds of queries."), DEFAULT_INTERVAL)
            .optional(
                    "queryTimeout",
                    Schema.duration(
                            "How long one query may take before that server counts as " + "not answering this round."),
                    DEFAULT_QUERY_TIMEOUT);

    public CheckDnsStepType() {
        super(
                NAME,
                "Resolves a name at the zone's authoritative server and at resolvers until every one answers "
                        + "the expected value, and reports how long each took to converge.",
                PARAMETERS,
                """
                id: prove-reroute
                type: check.dns
                needs: [reroute]
                timeout: 10m
                with:
                  zone: public
                  name: chat
                  type: A
                  expect: 198.51.100.10
                  resolvers: [10.0.0.53, "10.1.0.53:53", 1.1.1.1]
                """);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        Object zoneKey = step.with().get("zone");
        Name zone = null;
        if (zoneKey instanceof String key) {
            if (DnsZones.entry(validation.plan(), key).isEmpty()) {
                validation.error(
                        "zone", "'" + key + "' is not a zone of spec.dns " + DnsZones.known(validation.plan()));
                return;
            }
            zone = DnsZones.zoneOf(validation.plan(), key).orElse(null);
            boolean authoritative = !Boolean.FALSE.equals(step.with().get("authoritative"));
            if (authoritative && DnsZones.nameserverOf(validation.plan(), key).isEmpty()) {
                validation.error(
                        "authoritative",
                        "spec.dns." + key + " names no nameserver to ask: give it one, or "
                                + "set authoritative: false and list resolvers");
            }
        }
        if (step.with().get("name") instanceof String name) {
            checkName(name, zone, validation);
        }
        if (step.with().get("type") instanceof String type) {
            checkExpected(step.with().get("expect"), RecordType.parse(type), zone, validation);
        }
        List<String> resolvers = RecordRequest.writtenValues(step.with().get("resolvers"));
        for (int i = 0; i < resolvers.size(); i++) {
            if (DnsServer.tryParse(resolvers.get(i)).isEmpty()) {
                validation.error(
                        "resolvers[" + i + "]", "'" + resolvers.get(i) + "' is not host, host:port or [IPv6]:port");
            }
        }
        List<String> nameservers = RecordRequest.writtenValues(step.with().get("nameservers"));
        for (int i = 0; i < nameservers.size(); i++) {
            if (DnsServer.tryParse(nameservers.get(i)).isEmpty()) {
                validation.error(
                        "nameservers[" + i + "]", "'" + nameservers.get(i) + "' is not host, host:port or [IPv6]:port");
            }
        }
        if (!nameservers.isEmpty() && zone == null) {
            validation.error("nameservers", "authoritative servers are compared by the zone's SOA serial: give a zone");
        }
        boolean asksAuthority =
                zone != null && (!Boolean.FALSE.equals(step.with().get("authoritative")) || !nameservers.isEmpty());
        if (!asksAuthority && resolvers.isEmpty()) {
            validation.error(
                    "resolvers", "nothing to ask: list resolvers, or give a zone whose authoritative server is asked");
        }
    }

    private static void checkName(String name, Name zone, PlanValidation validation) {
        if (zone == null) {
            if (!name.strip().endsWith(".")) {
                validation.error(
                        "name",
                        "'" + name + "' is relative: give a zone, or write the name absolute with a trailing dot");
            }
            return;
        }
        try {
            RecordRequest.name(name, zone, "");
        } catch (RecordRequest.BadRecordException e) {
            validation.error("name", e.getMessage());
        }
    }

    private static void checkExpected(Object expect, RecordType type, Name zone, PlanValidation validation) {
        List<String> values = RecordRequest.writtenValues(expect);
        for (int i = 0; i < values.size(); i++) {
            String at = values.size() > 1 || expect instanceof List<?> ? "expect[" + i + "]" : "expect";
            try {
                type.canonical(values.get(i), zone != null ? zone : Name.root);
                if (type == RecordType.CNAME
                        && zone == null
                        && !values.get(i).strip().endsWith(".")) {
                    validation.error(
                            at,
                            "'" + values.get(i)
                                    + "' is relative: give a zone, or write it absolute with a trailing dot");
                }
            } catch (RecordType.InvalidValueException e) {
                validation.error(at, e.getMessage() + " (type " + type + ")");
            }
        }
    }

    static Name absolute(String written, Name zone) throws TextParseException {
        return zone == null ? Name.fromString(written.strip()).canonicalize() : RecordNames.absolute(written, zone);
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new CheckDnsStep();
    }
}
