package io.drctl.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.spi.Approvals.Decision;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Approval decisions handed in from other processes ({@code drctl approve}): one JSON file per
 * approval request in the run's {@code approvals/} directory, written atomically. A decision is
 * bound to the run, the step, the plan's hash and the request id, so it cannot approve another
 * plan or a later request of the same step.
 */
public final class ApprovalInbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    public ApprovalInbox(Path runDirectory) {
        this.directory = runDirectory.resolve("approvals");
    }

    /**
     * Records a decision unless one was recorded first: the first decision wins, atomically
     * (a hard link cannot replace an existing file). Returns the earlier decision when this one
     * came second and was not recorded.
     */
    public Optional<Decision> submit(
            String runId,
            String stepId,
            String requestId,
            String planSha256,
            boolean approve,
            String who,
            String host,
            String comment) {
        return claim(runId, stepId, requestId, planSha256, approve, who, host, "", comment);
    }

    /** {@link #submit}, saying how the decision was made (e.g. at the run's terminal). */
    public Optional<Decision> claim(
            String runId,
            String stepId,
            String requestId,
            String planSha256,
            boolean approve,
            String who,
            String host,
            String how,
            String comment) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run", runId);
        n.put("step", stepId);
        n.put("requestId", requestId);
        n.put("planSha256", planSha256);
        n.put("decision", approve ? "approve" : "deny");
        n.put("who", who);
        n.put("host", host);
        if (!how.isEmpty()) {
            n.put("how", how);
        }
        n.put("comment", comment);
        n.put("at", Instant.now().toString());
        Path tmp = null;
        try {
            Files.createDirectories(directory);
            tmp = Files.createTempFile(directory, ".decision", ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            try (FileOutputStream sync = new FileOutputStream(tmp.toFile(), true)) {
                sync.getFD().sync();
            }
            Files.createLink(file(requestId), tmp);
            return Optional.empty();
        } catch (FileAlreadyExistsException e) {
            return Optional.of(poll(runId, stepId, requestId, planSha256)
                    .orElseGet(() -> new Decision(
                            false, "unknown", "an unreadable decision file " + file(requestId), "", Instant.now())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the decision in " + directory, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a leftover temporary file is harmless: it starts with a dot and is never read
                }
            }
        }
    }

    /** The decision for a request, if one was handed in and it matches run, step and plan. */
    public Optional<Decision> poll(String runId, String stepId, String requestId, String planSha256) {
        Path f = file(requestId);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!runId.equals(n.path("run").asText())
                    || !stepId.equals(n.path("step").asText())
                    || !planSha256.equals(n.path("planSha256").asText())) {
                return Optional.empty();
            }
            String host = n.path("host").asText("");
            String how = n.hasNonNull("how")
                    ? n.get("how").asText()
                    : "drctl approve" + (host.isEmpty() ? "" : " on " + host);
            return Optional.of(new Decision(
                    "approve".equals(n.path("decision").asText()),
                    n.path("who").asText("unknown"),
                    how,
                    n.path("comment").asText(""),
                    Instant.parse(n.path("at").asText(Instant.now().toString()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half-visible or foreign file: not a decision
        }
    }

    private Path file(String requestId) {
        return directory.resolve(requestId + ".json");
    }
}
