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
     * own schedule; zero where the source is the DNS server itself).
     */
    record Entry(Instant at, boolean confirmed, long replacedTtl, List<Map<String, Object>> previous, Duration publishDelay) {
        Entry(Instant at, boolean confirmed, long replacedTtl, List<Map<String, Object>> previous) {
            this(at, confirmed, replacedTtl, previous, Duration.ZERO);
        }
    }

    private ChangeLog() {
    }

    static void write(StepContext ctx, Entry entry) throws StepFailedException {
        Path file = file(ctx);
        ObjectNode json = JSON.createObjectNode();
        json.put("at", entry.at().toString());
        json.put("state", entry.confirmed() ? "applied" : "sent");
        json.put("replacedTtl", entry.replacedTtl());
        json.set("previous", JSON.valueToTree(entry.previous()));
        json.put("publishDelayMs", entry.publishDelay().toMillis());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(json));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StepFailedException("cannot record the DNS change in " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Optional<Entry> read(StepContext ctx) throws StepFailedException {
        Path file = file(ctx);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(Files.readString(file));
            return Optional.of(new Entry(Instant.parse(json.path("at").asText()), "applied".equals(json.path("state").asText()),
                    json.path("replacedTtl").asLong(), JSON.convertValue(json.path("previous"), List.class),
                    Duration.ofMillis(json.path("publishDelayMs").asLong(0))));
        } catch (IOException | RuntimeException e) {
            throw new StepFailedException("cannot read the record of the DNS change in " + file + ": " + e.getMessage());
        }
    }

    private static Path file(StepContext ctx) {
        return ctx.runDirectory().resolve("dns").resolve(ctx.definition().id() + ".json");
    }
}
