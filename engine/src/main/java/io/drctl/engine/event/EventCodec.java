package io.drctl.engine.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.drctl.engine.event.RunEvent.ApprovalDenied;
import io.drctl.engine.event.RunEvent.ApprovalGiven;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.event.RunEvent.RunFinished;
import io.drctl.engine.event.RunEvent.RunResumed;
import io.drctl.engine.event.RunEvent.RunStarted;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stable JSON form of events, shared by the journal and {@code --output json}:
 * {@code {"ts": ..., "run": ..., "step": ..., "type": "step.succeeded", "data": {...}}}.
 * Bump {@link #SCHEMA} when a change would break a reader. Values are lower-case words joined
 * by hyphens, enums included ({@link KebabCaseEnums}).
 */
public final class EventCodec {
    public static final String SCHEMA = "drctl.io/events/v1";

    private static final Map<Class<? extends RunEvent>, String> NAMES = Map.ofEntries(
            Map.entry(RunStarted.class, "run.started"),
            Map.entry(RunResumed.class, "run.resumed"),
            Map.entry(RunFinished.class, "run.finished"),
            Map.entry(StepStarted.class, "step.started"),
            Map.entry(StepChecked.class, "step.checked"),
            Map.entry(StepProgress.class, "step.progress"),
            Map.entry(StepSucceeded.class, "step.succeeded"),
            Map.entry(StepFailed.class, "step.failed"),
            Map.entry(StepSkipped.class, "step.skipped"),
            Map.entry(RunEvent.StepOverridden.class, "step.overridden"),
            Map.entry(ApprovalRequested.class, "approval.requested"),
            Map.entry(ApprovalGiven.class, "approval.given"),
            Map.entry(ApprovalDenied.class, "approval.denied"),
            Map.entry(RunEvent.Notice.class, "run.notice"));

    private static final Map<String, Class<? extends RunEvent>> TYPES =
            NAMES.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .addModule(new KebabCaseEnums())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ObjectMapper mapper() {
        return mapper;
    }

    public static String typeName(RunEvent event) {
        return NAMES.get(event.getClass());
    }

    /** The envelope of one event. */
    public ObjectNode encode(RunEvent event) {
        ObjectNode data = mapper.valueToTree(event);
        data.remove("at");
        data.remove("runId");
        data.remove("stepId");
        ObjectNode out = mapper.createObjectNode();
        out.put("ts", event.at().toString());
        out.put("run", event.runId());
        if (event.stepId() != null) {
            out.put("step", event.stepId());
        }
        out.put("type", typeName(event));
        out.set("data", data);
        return out;
    }

    public String encodeLine(RunEvent event) {
        return toLine(encode(event));
    }

    public String toLine(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
    }

    /** The event in an envelope, or empty for a type this version does not know (newer writer). */
    public Optional<RunEvent> decode(JsonNode envelope) {
        Class<? extends RunEvent> type = TYPES.get(envelope.path("type").asText());
        if (type == null) {
            return Optional.empty();
        }
        ObjectNode fields = envelope.path("data").isObject()
                ? ((ObjectNode) envelope.get("data")).deepCopy()
                : mapper.createObjectNode();
        try {
            fields.put("at", Instant.parse(envelope.path("ts").asText()).toString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "malformed " + envelope.path("type").asText() + " event: no valid time ('ts')", e);
        }
        fields.put("runId", envelope.path("run").asText());
        if (envelope.hasNonNull("step")) {
            fields.put("stepId", envelope.get("step").asText());
        }
        RunEvent event;
        try {
            event = mapper.treeToValue(fields, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "malformed " + envelope.path("type").asText() + " event: " + e.getOriginalMessage(), e);
        }
        requireClassifications(envelope.path("type").asText(), event);
        return Optional.of(event);
    }

    /**
     * An event without what classifies it (a failure's kind, a skip's reason, a run's outcome)
     * is not an event anyone can act on: readers would have to guess, and used to crash.
     */
    private static void requireClassifications(String type, RunEvent event) {
        for (var component : event.getClass().getRecordComponents()) {
            if (!component.getType().isEnum()) {
                continue;
            }
            try {
                if (component.getAccessor().invoke(event) == null) {
                    throw new IllegalArgumentException("malformed " + type + " event: no " + component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + type, e);
            }
        }
    }
}
