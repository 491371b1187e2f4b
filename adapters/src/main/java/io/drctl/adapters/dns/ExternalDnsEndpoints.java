package io.drctl.adapters.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * drctl's RRsets as the endpoints of an ExternalDNS {@code DNSEndpoint}
 * ({@code spec.endpoints[{dnsName, recordType, targets, recordTTL}]}), and back.
 *
 * <p>ExternalDNS writes names and CNAME targets without the trailing dot; drctl compares them
 * absolute and lower-case, so {@code Chat.Example.com} and {@code chat.example.com.} are one
 * name. TXT targets are written in double quotes, as ExternalDNS writes its own TXT records, and
 * read with or without them. An endpoint without {@code recordTTL} has the provider's default
 * TTL, which the zone's {@code defaultTtl} says. Fields drctl does not manage ({@code labels},
 * {@code providerSpecific}, {@code setIdentifier}) stay as they are on an endpoint it changes;
 * endpoints of names it does not change are not touched at all.
 */
final class ExternalDnsEndpoints {
    static final String DNS_NAME = "dnsName";
    static final String RECORD_TYPE = "recordType";
    static final String TARGETS = "targets";
    static final String RECORD_TTL = "recordTTL";
    static final String SET_IDENTIFIER = "setIdentifier";

    private ExternalDnsEndpoints() {}

    /**
     * The RRset {@code type} at {@code name} as the endpoints say it; empty when none has it.
     *
     * @throws UnusableEndpointException when several endpoints have it (weighted or routed records,
     *                                   told apart by {@code setIdentifier}: drctl will not pick one),
     *                                   or a target is not valid data of its type
     */
    static Optional<RecordSet> find(JsonNode endpoints, Name name, RecordType type, long defaultTtl)
            throws UnusableEndpointException {
        List<JsonNode> matching = matching(endpoints, name, type);
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        if (matching.size() > 1) {
            List<String> ids = matching.stream()
                    .map(e -> e.path(SET_IDENTIFIER).asText(""))
                    .filter(s -> !s.isEmpty())
                    .toList();
            throw new UnusableEndpointException(matching.size() + " endpoints have " + name + " " + type
                    + (ids.isEmpty() ? "" : " (setIdentifier " + String.join(", ", ids) + ")")
                    + ": drctl does not choose among weighted or routed records; give the name one endpoint");
        }
        JsonNode endpoint = matching.getFirst();
        List<String> values = new ArrayList<>();
        for (JsonNode target : endpoint.path(TARGETS)) {
            values.add(canonical(type, target.asText(), name));
        }
        if (values.isEmpty()) {
            return Optional.empty(); // an endpoint without targets publishes nothing
        }
        long ttl = endpoint.path(RECORD_TTL).asLong(0);
        return Optional.of(new RecordSet(name, type, ttl > 0 ? ttl : defaultTtl, values));
    }

    /**
     * The endpoints after {@code change}: the endpoints of deleted RRsets gone, those of replaced
     * ones given the new targets and TTL (or appended when there were none), everything else as
     * it was. {@code endpoints} is not modified.
     */
    static ArrayNode withChange(JsonNode endpoints, ZoneChange change) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode e : endpoints == null ? JsonNodeFactory.instance.arrayNode() : endpoints) {
            boolean deleted = change.delete().stream().anyMatch(k -> matches(e, k.name(), k.type()));
            if (!deleted) {
                out.add(e.deepCopy());
            }
        }
        for (RecordSet set : change.replace()) {
            ObjectNode endpoint = null;
            for (JsonNode e : out) {
                if (matches(e, set.name(), set.type())) {
                    endpoint = (ObjectNode) e;
                    break;
                }
            }
            if (endpoint == null) {
                endpoint = out.addObject()
                        .put(DNS_NAME, dnsName(set.name()))
                        .put(RECORD_TYPE, set.type().name());
            }
            ArrayNode targets = endpoint.putArray(TARGETS);
            set.values().forEach(v -> targets.add(target(set.type(), v)));
            endpoint.put(RECORD_TTL, set.ttl());
        }
        return out;
    }

    /** {@code chat.example.com}: how ExternalDNS writes a name. */
    static String dnsName(Name name) {
        return name.toString(true);
    }

    /** A canonical value as an ExternalDNS target. */
    static String target(RecordType type, String value) {
        return switch (type) {
            case CNAME -> value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
            case TXT -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case A, AAAA -> value;
        };
    }

    /** A target as drctl compares it: the canonical value of its type. */
    static String canonical(RecordType type, String target, Name owner) throws UnusableEndpointException {
        String text = target.strip();
        if (type == RecordType.TXT) {
            return unquoted(text);
        }
        if (type == RecordType.CNAME && !text.endsWith(".")) {
            text = text + "."; // ExternalDNS's targets are absolute names written without the dot
        }
        try {
            return type.canonical(text, Name.root);
        } catch (RecordType.InvalidValueException e) {
            throw new UnusableEndpointException("the endpoint " + owner + " " + type + " has target " + e.getMessage());
        }
    }

    private static String unquoted(String text) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                c = text.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<JsonNode> matching(JsonNode endpoints, Name name, RecordType type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : endpoints == null ? JsonNodeFactory.instance.arrayNode() : endpoints) {
            if (matches(e, name, type)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean matches(JsonNode endpoint, Name name, RecordType type) {
        return type.name().equals(endpoint.path(RECORD_TYPE).asText("").toUpperCase(Locale.ROOT))
                && name(endpoint.path(DNS_NAME).asText("")).filter(name::equals).isPresent();
    }

    /** An endpoint's name, absolute and lower-case; empty for one that is not a DNS name (someone else's problem). */
    private static Optional<Name> name(String dnsName) {
        String n = dnsName.strip();
        if (n.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Name.fromString(n.endsWith(".") ? n : n + ".").canonicalize());
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    /** Endpoints drctl cannot read as one RRset; the message says which and why. */
    static final class UnusableEndpointException extends Exception {
        UnusableEndpointException(String message) {
            super(message);
        }
    }
}
