package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.cli.testing.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's JSON Lines, walked: the values that classify something (event types, step
 * results, run states and outcomes, failure kinds, skip reasons, verdicts, levels) are written in
 * one casing, lower-case words joined by hyphens or dots ("will-change", "needs-human",
 * "step.skipped"), as the JSON output section of README.md says.
 */
class JsonValueCasingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Pattern LOWER_KEBAB = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    /** Keys whose values are classifications, not free text. */
    private static final Set<String> CLASSIFYING = Set.of(
            "type", "result", "state", "outcome", "kind", "level", "mode", "verdict", "status", "source", "action");

    @TempDir
    Path dir;

    @Test
    void every_command_writes_classifying_values_in_lower_case_words_joined_by_hyphens() throws Exception {
        String hello = REPO.resolve("plans/examples/hello.yaml").toString();
        Path failing = dir.resolve("failing.yaml");
        Files.writeString(failing, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: failing }
                spec:
                  steps:
                    - id: only-in-rehearsal
                      type: exec
                      when: [rehearsal]
                      with: { command: [echo, rehearsal] }
                    - id: breaks
                      type: exec
                      with: { command: [sh, -c, "exit 3"] }
                """);
        CliHarness drctl = new CliHarness(dir.resolve("state"));
        List<String[]> calls = List.of(
                new String[] {"-o", "json", "validate", hello},
                new String[] {"-o", "json", "plan", hello},
                new String[] {"-o", "json", "run", hello, "--yes"},
                new String[] {"-o", "json", "run", failing.toString(), "--yes"},
                new String[] {"-o", "json", "rehearse", hello, "--yes"},
                new String[] {"-o", "json", "status"},
                new String[] {"-o", "json", "runs"},
                new String[] {"-o", "json", "preflight", hello},
                new String[] {"-o", "json", "version"},
                new String[] {
                    "-o", "json", "validate", dir.resolve("missing.yaml").toString()
                });
        List<String> outliers = new ArrayList<>();
        int lines = 0;
        for (String[] call : calls) {
            CliHarness.Result r = drctl.run(call);
            for (String line : r.out().lines().toList()) {
                JsonNode node = JSON.readTree(line);
                walk(String.join(" ", call), node.path("type").asText(), node, outliers);
                lines++;
            }
        }
        assertThat(lines).as("the commands wrote JSON Lines").isGreaterThan(30);
        assertThat(outliers)
                .as("classifying values not in lower-case-with-hyphens")
                .isEmpty();
    }

    private static void walk(String call, String eventType, JsonNode node, List<String> outliers) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                boolean classifying = CLASSIFYING.contains(field.getKey())
                        // a skip's reason is a classification; a run's reason is what a person typed
                        || (field.getKey().equals("reason") && eventType.equals("step.skipped"));
                if (classifying
                        && value.isTextual()
                        && !LOWER_KEBAB.matcher(value.asText()).matches()) {
                    outliers.add(call + ": " + eventType + " " + field.getKey() + "=" + value.asText());
                }
                walk(call, eventType, value, outliers);
            }
        } else if (node.isArray()) {
            node.forEach(element -> walk(call, eventType, element, outliers));
        }
    }
}
