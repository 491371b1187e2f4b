package io.drctl.adapters.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A zone changed through the PowerDNS HTTP API ({@code /api/v1/servers/<id>/zones/<zone>}):
 * reads with {@code GET ?rrset_name=&rrset_type=}, changes with one {@code PATCH} of
 * {@code REPLACE}/{@code DELETE} RRsets (PowerDNS applies a PATCH whole and bumps the serial
 * per the zone's SOA-EDIT-API).
 */
final class PowerDnsProvider implements DnsProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room for the client's own timer to fire first. */
    private static final Duration GRACE = Duration.ofMillis(300);

    private final URI api;
    private final String shownApi;
    private final String serverId;
    private final Name zone;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient client;

    PowerDnsProvider(URI apiBase, String serverId, Name zone, String apiKey, Duration timeout) {
        this.shownApi = apiBase.toString();
        this.api = URI.create(stripApiPath(apiBase.toString()) + "/api/v1/servers/" + encode(serverId) + "/zones/"
                + encode(zone.toString()));
        this.serverId = serverId;
        this.zone = zone;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Name zone() {
        return zone;
    }

    @Override
    public String target() {
        return "powerdns " + shownApi;
    }

    @Override
    public Optional<RecordSet> read(Name name, RecordType type) throws StepException, InterruptedException {
        String record = name + " " + type;
        URI uri = URI.create(api + "?rrset_name=" + encode(name.toString()) + "&rrset_type=" + type.name());
        JsonNode zoneJson = send(HttpRequest.newBuilder(uri).GET(), "reading " + record);
        for (JsonNode rrset : zoneJson.path("rrsets")) {
            if (type.name().equals(rrset.path("type").asText())
                    && sameName(name, rrset.path("name").asText())) {
                List<String> values = new ArrayList<>();
                for (JsonNode r : rrset.path("records")) {
                    if (!r.path("disabled").asBoolean(false)) {
                        values.add(canonical(name, type, r.path("content").asText(), record));
                    }
                }
                return values.isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                                new RecordSet(name, type, rrset.path("ttl").asLong(), values));
            }
        }
        return Optional.empty();
    }

    @Override
    public void apply(ZoneChange change) throws StepException, InterruptedException {
        ArrayNode rrsets = JSON.createArrayNode();
        for (RrsetKey gone : change.delete()) {
            rrsets.addObject()
                    .put("name", gone.name().toString())
                    .put("type", gone.type().name())
                    .put("changetype", "DELETE");
        }
        for (RecordSet set : change.replace()) {
            ObjectNode rrset = rrsets.addObject()
                    .put("name", set.name().toString())
                    .put("type", set.type().name())
                    .put("ttl", set.ttl())
                    .put("changetype", "REPLACE");
            ArrayNode records = rrset.putArray("records");
            for (String value : set.values()) {
                records.addObject().put("content", content(set, value)).put("disabled", false);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("rrsets", rrsets);
        send(
                HttpRequest.newBuilder(api)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()))
                        .header("Content-Type", "application/json"),
                "the update of " + change.describeTargets());
    }

    @Override
    public OptionalLong serial() throws StepException, InterruptedException {
        URI uri = URI.create(api + "?rrset_name=" + encode(zone.toString()) + "&rrset_type=SOA");
        JsonNode zoneJson = send(HttpRequest.newBuilder(uri).GET(), "reading the SOA");
        return zoneJson.has("serial") ? OptionalLong.of(zoneJson.get("serial").asLong()) : OptionalLong.empty();
    }

    /** The zone's SOA from the API: its content carries MINIMUM, its RRset the SOA's TTL (both bound negative caching). */
    @Override
    public Optional<ZoneSoa> soa() throws StepException, InterruptedException {
        URI uri = URI.create(api + "?rrset_name=" + encode(zone.toString()) + "&rrset_type=SOA");
        JsonNode zoneJson = send(HttpRequest.newBuilder(uri).GET(), "reading the SOA");
        for (JsonNode rrset : zoneJson.path("rrsets")) {
            if ("SOA".equals(rrset.path("type").asText())
                    && sameName(zone, rrset.path("name").asText())) {
                for (JsonNode r : rrset.path("records")) {
                    try {
                        Record soa = Record.fromString(
                                zone,
                                Type.SOA,
                                DClass.IN,
                                rrset.path("ttl").asLong(),
                                r.path("content").asText(),
                                zone);
                        if (soa instanceof SOARecord record) {
                            ZoneSoa read = ZoneSoa.of(record);
                            return Optional.of(
                                    zoneJson.has("serial")
                                            ? new ZoneSoa(
                                                    zone, zoneJson.get("serial").asLong(), read.ttl(), read.minimum())
                                            : read);
                        }
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Sends one request and returns its JSON (an empty object for 204); anything else becomes a one-line failure. */
    private JsonNode send(HttpRequest.Builder request, String what) throws StepException, InterruptedException {
        request.timeout(timeout).header("X-API-Key", apiKey).header("Accept", "application/json");
        String where = "PowerDNS API " + shownApi + ", " + what + " in zone " + zone;
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = pending.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new TargetUnreachableException(
                    shownApi, where + ": " + NetworkFailures.of(e, timeout).reason());
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            NetworkFailures.Verdict v = NetworkFailures.of(e.getCause(), timeout);
            if (v.kind() == NetworkFailures.Kind.FAILED) {
                throw new StepFailedException(
                        where + ": " + v.reason()); // it answered: a certificate or protocol to fix
            }
            throw new TargetUnreachableException(shownApi, where + ": " + v.reason());
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return parse(response.body(), where);
        }
        String error = serverError(response.body());
        throw switch (status) {
            case 401, 403 ->
                new SafetyGateException(where + ": the API key was rejected (HTTP " + status
                        + (status == 401 ? " Unauthorized" : " Forbidden") + "); not retried");
            case 404 ->
                new SafetyGateException(
                        where + ": server id '" + serverId + "' has no zone " + zone + " (HTTP 404); not retried");
            default -> new StepFailedException(where + " failed: HTTP " + status + error);
        };
    }

    private static JsonNode parse(String body, String where) throws StepFailedException {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new StepFailedException(where + ": the answer is not JSON");
        }
    }

    /** PowerDNS explains a refusal in {@code {"error": "..."}}: worth showing, it names the RRset and the reason. */
    private static String serverError(String body) {
        try {
            JsonNode json = JSON.readTree(body == null ? "" : body);
            String error = json == null ? "" : json.path("error").asText("");
            return error.isBlank() ? "" : ": " + error.lines().findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private String canonical(Name name, RecordType type, String content, String record) throws StepFailedException {
        try {
            return RecordType.canonical(Record.fromString(name, type.code(), DClass.IN, 0, content, Name.root));
        } catch (IOException e) {
            throw new StepFailedException("PowerDNS API " + shownApi + " returned a value for " + record
                    + " that is not valid " + type + " data: " + content);
        }
    }

    /** The content PowerDNS expects: zone-file text of the record's data (TXT quoted). */
    private String content(RecordSet set, String value) {
        try {
            return set.type().toRecord(set.name(), set.ttl(), value, zone).rdataToString();
        } catch (RecordType.InvalidValueException e) {
            throw new IllegalStateException("a canonical value did not parse: " + e.getMessage(), e);
        }
    }

    private static boolean sameName(Name name, String text) {
        try {
            return name.equals(Name.fromString(text.endsWith(".") ? text : text + "."));
        } catch (IOException e) {
            return false;
        }
    }

    private static String stripApiPath(String base) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b.endsWith("/api/v1") ? b.substring(0, b.length() - "/api/v1".length()) : b;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
