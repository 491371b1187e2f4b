package io.drctl.adapters.dns;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a DNS step changed in this run, kept in the run's directory so that a retry or a
 * {@code drctl resume} still knows when the change went out and what it replaced — the
 * {@code check} of a resumed step sees "already done" and could not tell otherwise.
 *
 * <p>Written twice: {@code sent} just before the change is sent (had drctl crashed mid-way, the
 * change went out no earlier than that), {@code applied} once the server confirmed it.
 */
final class ChangeLog {
    /** Whole numbers read back as Long, as the plan's converted values are. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /**
     * {@code replacedTtl}: the longest TTL among what was replaced, in seconds. {@code publishDelay}:
     * how long after {@code at} the change may still take to reach DNS (ExternalDNS publishes on its
     * own schedule; zero where the source is the DNS server itself). {@code kind}: {@link #UPDATE}
     * or {@link #TTL}, and {@code zone} the zone's name, so that later runs find the TTLs a
     * preparation run lowered (see {@link TtlHistory}). {@code absent}: the RRsets asked for that
     * did not exist before, which resolvers may hold as negative answers for the zone's
     * {@code negativeTtl} (seconds, -1 when not read), explained by {@code negativeTtlWhy}.
     */
    record Entry(
            Instant at,
            boolean confirmed,
            long replacedTtl,
            List<Map<String, Object>> previous,
            Duration publishDelay,
            String kind,
            String zone,
            List<String> absent,
            long negativeTtl,
            String negativeTtlWhy) {
        Entry(
                Instant at,
                boolean confirmed,
                long replacedTtl,
                List<Map<String, Object>> previous,
                Duration publishDelay) {
            this(at, confirmed, replacedTtl, previous, publishDelay, "", "", List.of(), -1, "");
        }

        Entry(Instant at, boolean confirmed, long replacedTtl, List<Map<String, Object>> previous) {
            this(at, confirmed, replacedTtl, previous, Duration.ZERO);
        }

        Entry confirmedAt(Instant when) {
            return new Entry(
                    when, true, replacedTtl, previous, publishDelay, kind, zone, absent, negativeTtl, negativeTtlWhy);
        }
    }

    static final String UPDATE = "dns.update";
    static final String TTL = "dns.ttl";

    private ChangeLog() {}

    static void write(StepContext ctx, Entry entry) throws StepFailedException {
        Path file = file(ctx);
        ObjectNode json = JSON.createObjectNode();
        json.put("at", entry.at().toString());
        json.put("state", entry.confirmed() ? "applied" : "sent");
        json.put("replacedTtl", entry.replacedTtl());
        json.set("previous", JSON.valueToTree(entry.previous()));
        json.put("publishDelayMs", entry.publishDelay().toMillis());
        json.put("kind", entry.kind());
        json.put("zone", entry.zone());
        json.set("absent", JSON.valueToTree(entry.absent()));
        json.put("negativeTtl", entry.negativeTtl());
        json.put("negativeTtlWhy", entry.negativeTtlWhy());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(json));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StepFailedException("cannot record the DNS change in " + file + ": " + e.getMessage());
        }
    }

    static Optional<Entry> read(StepContext ctx) throws StepFailedException {
        Path file = file(ctx);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(file));
        } catch (IOException | RuntimeException e) {
            throw new StepFailedException(
                    "cannot read the record of the DNS change in " + file + ": " + e.getMessage());
        }
    }

    /** One record, e.g. of another run (files written before kind and zone were recorded read with them empty). */
    @SuppressWarnings("unchecked")
    static Entry read(Path file) throws IOException {
        JsonNode json = JSON.readTree(Files.readString(file));
        return new Entry(
                Instant.parse(json.path("at").asText()),
                "applied".equals(json.path("state").asText()),
                json.path("replacedTtl").asLong(),
                JSON.convertValue(json.path("previous"), List.class),
                Duration.ofMillis(json.path("publishDelayMs").asLong(0)),
                json.path("kind").asText(""),
                json.path("zone").asText(""),
                json.has("absent") ? JSON.convertValue(json.path("absent"), List.class) : List.of(),
                json.path("negativeTtl").asLong(-1),
                json.path("negativeTtlWhy").asText(""));
    }

    /** Where the runs of a state directory keep these records: {@code runs/<run>/dns/<step>.json}. */
    static Path directory(Path runDirectory) {
        return runDirectory.resolve("dns");
    }

    private static Path file(StepContext ctx) {
        return directory(ctx.runDirectory()).resolve(ctx.definition().id() + ".json");
    }
}
