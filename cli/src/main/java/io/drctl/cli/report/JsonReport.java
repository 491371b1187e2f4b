package io.drctl.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The report as one JSON document, for bots and dashboards; durations in milliseconds, times in ISO-8601. */
final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    static String render(RunReport r) {
        var s = r.status();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", s.runId());
        doc.put("plan", Map.of("name", s.planName(), "file", s.planFile(), "sha256", s.planSha256()));
        doc.put("mode", s.mode());
        doc.put("operator", s.operator());
        doc.put("host", s.host());
        doc.put("reason", s.reason() == null ? "" : s.reason());
        doc.put("state", s.state());
        doc.put("exitCode", s.exitCode().orElse(null));
        doc.put("startedAt", s.startedAt().toString());
        doc.put("finishedAt", s.finishedAt().map(Instant::toString).orElse(null));
        doc.put("summary", s.summary());
        doc.put("journal", Map.of("verifies", s.journalVerifies(), "problem", s.journalProblem()));
        Map<String, Object> objectives = new LinkedHashMap<>();
        objectives.put("rtoMs", r.objectives().rto().map(Duration::toMillis).orElse(null));
        objectives.put("rpoMs", r.objectives().rpo().map(Duration::toMillis).orElse(null));
        objectives.put("measuredRtoMs", r.rto().map(Duration::toMillis).orElse(null));
        objectives.put("rtoMet", r.rtoMet().orElse(null));
        objectives.put("dataLossWindows", r.rpo());
        doc.put("objectives", objectives);
        doc.put(
                "steps",
                r.steps().stream()
                        .map(t -> {
                            Map<String, Object> step = new LinkedHashMap<>();
                            step.put("id", t.id());
                            step.put("state", t.state());
                            step.put("attempts", t.attempts());
                            step.put(
                                    "startedAt",
                                    t.start().map(Instant::toString).orElse(null));
                            step.put("endedAt", t.end().map(Instant::toString).orElse(null));
                            step.put(
                                    "durationMs",
                                    t.duration().map(Duration::toMillis).orElse(null));
                            step.put("detail", t.detail());
                            step.put("outputs", t.outputs());
                            return step;
                        })
                        .toList());
        doc.put("approvals", r.approvals());
        doc.put("acceptances", r.acceptances());
        doc.put("notices", r.notices());
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }
}
