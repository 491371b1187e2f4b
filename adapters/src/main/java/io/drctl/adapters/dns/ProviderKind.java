package io.drctl.adapters.dns;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ways drctl can change a zone, and which fields of a {@code spec.dns} entry each one uses.
 * The section keeps one flat schema (so an editor completes every field) and checks per kind
 * that the required fields are there and that no field of another kind is. A new provider is one
 * more constant with its fields, its own {@link DnsProvider}, and a branch in {@link DnsZones}.
 */
enum ProviderKind {
    RFC2136(List.of("server"), List.of("server", "tsig", "tcp"), "server"),
    POWERDNS(List.of("apiUrl", "apiKey"), List.of("apiUrl", "apiKey", "serverId", "nameserver"), "nameserver"),
    EXTERNALDNS(
            List.of("site"),
            List.of("site", "namespace", "dnsEndpoint", "labels", "defaultTtl", "publishDelay", "nameserver"),
            "nameserver");

    /** Fields every entry may have, whatever its provider. */
    static final List<String> COMMON = List.of("provider", "zone", "timeout");

    private final List<String> required;
    private final List<String> owned;
    private final String nameserverField;

    ProviderKind(List<String> required, List<String> owned, String nameserverField) {
        this.required = required;
        this.owned = owned;
        this.nameserverField = nameserverField;
    }

    /** The field naming the DNS server that answers for the zone (what check.dns asks), if this kind has one. */
    Optional<String> nameserverField() {
        return Optional.ofNullable(nameserverField);
    }

    String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ProviderKind> of(Object text) {
        for (ProviderKind k : values()) {
            if (k.text().equals(text)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    List<String> required() {
        return required;
    }

    boolean owns(String field) {
        return COMMON.contains(field) || owned.contains(field);
    }

    /** The providers that own {@code field}, for a message like "'apiUrl' is a field of provider powerdns". */
    static List<ProviderKind> owners(String field) {
        return Arrays.stream(values()).filter(k -> k.owned.contains(field)).toList();
    }

    static String[] texts() {
        return Arrays.stream(values()).map(ProviderKind::text).toArray(String[]::new);
    }
}
