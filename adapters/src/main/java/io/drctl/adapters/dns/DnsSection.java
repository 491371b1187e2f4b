package io.drctl.adapters.dns;

import io.drctl.adapters.kubernetes.site.KubernetesSiteFacet;
import io.drctl.engine.plan.Site;
import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.PlanSection;
import io.drctl.engine.spi.PlanValidation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.xbill.DNS.TextParseException;

/**
 * {@code spec.dns}: the zones drctl may change, by name ({@code dns.update} and {@code check.dns}
 * steps name them in {@code zone:}), each with its provider and credentials.
 */
public final class DnsSection implements PlanSection {
    static final String NAME = "dns";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String DEFAULT_SERVER_ID = "localhost";
    static final String DEFAULT_ALGORITHM = "hmac-sha256";
    /** The TTL most ExternalDNS providers give an endpoint without recordTTL. */
    static final long DEFAULT_EXTERNALDNS_TTL = 300;
    /** ExternalDNS's default --interval: how long a DNSEndpoint change may wait to be published. */
    static final Duration DEFAULT_PUBLISH_DELAY = Duration.ofMinutes(1);
    /** A Kubernetes object name (DNS-1123 subdomain) and label value, as the API server checks them. */
    static final String OBJECT_NAME_PATTERN = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

    static final String NAMESPACE_PATTERN = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    static final Schema.Obj TSIG = Schema.object("rfc2136: the TSIG key updates (and reads) are signed with. "
                    + "Without it updates are unsigned, which most servers refuse.")
            .required(
                    "name",
                    Schema.string("The key's name as the server knows it, e.g. drctl.")
                            .noSecrets())
            .optional(
                    "algorithm",
                    Schema.oneOf(
                            "The key's HMAC algorithm.",
                            "hmac-sha256",
                            "hmac-sha512",
                            "hmac-sha384",
                            "hmac-sha224",
                            "hmac-sha1",
                            "hmac-md5"),
                    DEFAULT_ALGORITHM)
            .required(
                    "secret",
                    Schema.string("The key's secret (base64) as a secret reference, e.g. "
                            + "${file:/etc/drctl/tsig.key} or ${env:TSIG_SECRET}."));

    static final Schema.Obj ZONE = Schema.object("A DNS zone drctl may change, and how it reaches it.")
            .required(
                    "provider",
                    Schema.oneOf(
                            "How the zone is changed: rfc2136 (dynamic updates signed with TSIG: "
                                    + "BIND, Knot, PowerDNS, Windows DNS), powerdns (the PowerDNS HTTP API) or externaldns (a DNSEndpoint "
                                    + "resource in a site's cluster, published by ExternalDNS).",
                            ProviderKind.texts()))
            .required(
                    "zone",
                    Schema.string("The zone's name, e.g. example.com. (the trailing dot may be left out).")
                            .noSecrets())
            .optional(
                    "server",
                    Schema.string("rfc2136: the zone's primary server, host or host:port (port 53 when "
                                    + "absent); updates go to it and checks read from it.")
                            .noSecrets())
            .optional("tsig", TSIG)
            .optional(
                    "tcp",
                    Schema.bool("rfc2136: always use TCP, for networks that drop DNS over UDP. By default "
                            + "drctl uses UDP and switches to TCP when an answer is truncated."))
            .optional(
                    "apiUrl",
                    Schema.string("powerdns: the base URL of the PowerDNS webserver, e.g. " + "http://127.0.0.1:8081.")
                            .noSecrets()
                            .format("uri"))
            .optional(
                    "serverId",
                    Schema.string("powerdns: the server id in the API (localhost when absent).")
                            .noSecrets())
            .optional(
                    "apiKey", Schema.string("powerdns: the API key, as a secret reference, e.g. ${env:PDNS_API_KEY}."))
            .optional(
                    "nameserver",
                    Schema.string("powerdns, externaldns: host:port where the zone's authoritative DNS "
                                    + "answers queries (PowerDNS itself; the DNS service ExternalDNS writes to); check.dns asks it as the "
                                    + "authoritative server.")
                            .noSecrets())
            .optional(
                    "site",
                    Schema.string("externaldns: the site (a key of spec.sites with kubernetes settings) whose "
                                    + "cluster holds the DNSEndpoint and runs the ExternalDNS that publishes it.")
                            .noSecrets())
            .optional(
                    "namespace",
                    Schema.string("externaldns: the DNSEndpoint's namespace (default: the site's namespace, "
                                    + "else default).")
                            .noSecrets()
                            .pattern(NAMESPACE_PATTERN))
            .optional(
                    "dnsEndpoint",
                    Schema.string("externaldns: the name of the DNSEndpoint drctl owns for this zone "
                                    + "(drctl-<key of this entry> when absent). drctl creates it when missing and changes only the "
                                    + "endpoints of the names its steps set.")
                            .noSecrets()
                            .pattern(OBJECT_NAME_PATTERN))
            .optional(
                    "labels",
                    Schema.mapOf(
                            "externaldns: labels drctl puts on the DNSEndpoint when it creates it, e.g. "
                                    + "the one ExternalDNS's --label-filter selects.",
                            Schema.string("A label value.").noSecrets()))
            // No schema default: defaults are filled into every entry, and this field belongs to one provider.
            .optional(
                    "defaultTtl",
                    Schema.integer("externaldns: the TTL ExternalDNS's provider gives an endpoint without "
                                    + "recordTTL (300 when absent): what check shows for it and waitForTtl waits out.")
                            .min(1)
                            .max(2_147_483_647L))
            .optional(
                    "publishDelay",
                    Schema.duration("externaldns: how long ExternalDNS may take to publish a change of "
                            + "the DNSEndpoint to DNS (its --interval; 1m when absent). waitForTtl and cachesExpireAt count it "
                            + "before the replaced TTL."))
            .optional(
                    "timeout", Schema.duration("How long one request to the server or API may take."), DEFAULT_TIMEOUT);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Schema schema() {
        return Schema.mapOf("DNS zones drctl may change, by name; steps name them in 'zone'.", ZONE)
                .keyPattern(PlanSchema.ID_PATTERN);
    }

    @Override
    public void validate(Object value, PlanValidation validation) {
        if (!(value instanceof Map<?, ?> zones)) {
            return;
        }
        zones.forEach((key, entry) -> {
            if (entry instanceof Map<?, ?> fields) {
                validateEntry(String.valueOf(key), fields, validation);
            }
        });
    }

    private static void validateEntry(String key, Map<?, ?> fields, PlanValidation validation) {
        ProviderKind kind = ProviderKind.of(fields.get("provider")).orElse(null);
        if (kind == null) {
            return; // the schema has reported it
        }
        for (String required : kind.required()) {
            if (fields.get(required) == null) {
                validation.error(key + "." + required, "provider " + kind.text() + " needs '" + required + "'");
            }
        }
        for (Object field : fields.keySet()) {
            String f = String.valueOf(field);
            if (!kind.owns(f)) {
                List<String> owners =
                        ProviderKind.owners(f).stream().map(ProviderKind::text).toList();
                validation.error(
                        key + "." + f,
                        "'" + f + "' is a field of provider" + (owners.size() > 1 ? "s " : " ")
                                + String.join(", ", owners) + ", not of " + kind.text());
            }
        }
        if (fields.get("zone") instanceof String zone) {
            try {
                RecordNames.zone(zone);
            } catch (TextParseException e) {
                validation.error(key + ".zone", "'" + zone + "' is not a valid zone name: " + e.getMessage());
            }
        }
        for (String server : new String[] {"server", "nameserver"}) {
            if (fields.get(server) instanceof String text
                    && DnsServer.tryParse(text).isEmpty()) {
                validation.error(key + "." + server, "'" + text + "' is not host, host:port or [IPv6]:port");
            }
        }
        if (kind == ProviderKind.EXTERNALDNS && fields.get("site") instanceof String site) {
            checkKubernetesSite(key, site, validation);
        }
        if (fields.get("apiUrl") instanceof String url && !isHttpUrl(url)) {
            validation.error(key + ".apiUrl", "must be an http:// or https:// URL with a host");
        }
        if (fields.get("tsig") instanceof Map<?, ?> tsig
                && tsig.get("secret") instanceof String secret
                && !SecretReferences.containsReference(secret)) {
            validation.error(
                    key + ".tsig.secret",
                    "write the secret as a reference (${file:PATH} or ${env:NAME}): "
                            + "plans are shown, logged and copied into run records");
        }
        if (fields.get("apiKey") instanceof String apiKey && !SecretReferences.containsReference(apiKey)) {
            validation.error(
                    key + ".apiKey",
                    "write the API key as a reference (${file:PATH} or ${env:NAME}): "
                            + "plans are shown, logged and copied into run records");
        }
    }

    /** The DNSEndpoint lives in a site drctl reaches through the Kubernetes adapter. */
    private static void checkKubernetesSite(String key, String site, PlanValidation validation) {
        Site s = validation.plan().sites().get(site);
        if (s == null) {
            validation.error(
                    key + ".site",
                    "no site '" + site + "' in spec.sites"
                            + (validation.plan().sites().isEmpty()
                                    ? ""
                                    : " (spec.sites has: "
                                            + String.join(
                                                    ", ",
                                                    new TreeSet<>(validation
                                                            .plan()
                                                            .sites()
                                                            .keySet())) + ")"));
        } else if (!s.facets().containsKey(KubernetesSiteFacet.NAME)) {
            validation.error(
                    key + ".site",
                    "site '" + site + "' has no kubernetes settings (spec.sites." + site
                            + ".kubernetes): the externaldns provider writes a DNSEndpoint through the site's API server");
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
