package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot that reads stdout with --output json gets valid JSON Lines on every error path: the
 * version line first, then an "error" event with the exit code (and, for an invalid plan, each
 * violation with file, line, column and path).
 */
class JsonErrorPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> lines(CliHarness.Result r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private JsonNode errorOf(String... args) throws Exception {
        CliHarness.Result r = new CliHarness(dir.resolve("state")).run(args);
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        List<JsonNode> lines = lines(r);
        assertThat(lines).as(r.toString()).isNotEmpty();
        assertThat(lines.getFirst().path("type").asText()).as(r.toString()).isEqualTo("version");
        assertThat(lines.stream()
                        .filter(l -> l.path("type").asText().equals("version"))
                        .count())
                .isEqualTo(1);
        JsonNode error = lines.getLast();
        assertThat(error.path("type").asText()).as(r.toString()).isEqualTo("error");
        assertThat(error.path("data").path("exitCode").asInt()).isEqualTo(r.exitCode());
        assertThat(error.path("data").path("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void every_command_s_error_path_writes_a_version_line_and_an_error_event() throws Exception {
        String missing = dir.resolve("missing.yaml").toString();
        List<String[]> calls = List.of(
                new String[] {"-o", "json", "validate", missing},
                new String[] {"-o", "json", "plan", missing},
                new String[] {"-o", "json", "run", missing},
                new String[] {"-o", "json", "rehearse", missing},
                new String[] {"-o", "json", "snapshot", missing, "--site", "a"},
                new String[] {"-o", "json", "resume", "20261202-000000-abcd"},
                new String[] {"-o", "json", "status", "20261202-000000-abcd"},
                new String[] {"-o", "json", "status"},
                new String[] {"-o", "json", "report", "20261202-000000-abcd"},
                new String[] {"-o", "json", "approve", "20261202-000000-abcd", "go-ahead"},
                new String[] {"--output", "json", "run", "--no-such-option", missing},
                new String[] {"--output=json", "paln", missing},
                new String[] {"-o", "json", "preflight", missing},
                new String[] {"-o", "json", "preflight", missing, "--assume-lost"},
                new String[] {"-o", "json", "runs", "extra"},
                new String[] {"-o", "json", "schema", "extra"},
                new String[] {"-o", "json", "version", "extra"},
                new String[] {"-o", "json", "completion", "fish"},
                new String[] {"-o", "json", "sandbox", "up", "--no-such-option"},
                new String[] {"-o", "json", "demo", "--lose", "nowhere"},
                new String[] {"-o", "json", "report", "20261202-000000-abcd", "--format", "pdf"});
        for (String[] call : calls) {
            errorOf(call);
        }
    }

    @Test
    void a_missing_plan_file_gets_the_same_exit_code_from_validate_plan_and_run() throws Exception {
        String missing = dir.resolve("missing.yaml").toString();
        int validate = errorOf("-o", "json", "validate", missing)
                .path("data")
                .path("exitCode")
                .asInt();
        int plan = errorOf("-o", "json", "plan", missing)
                .path("data")
                .path("exitCode")
                .asInt();
        int run = errorOf("-o", "json", "run", missing)
                .path("data")
                .path("exitCode")
                .asInt();

        assertThat(List.of(plan, run)).containsOnly(validate);
    }

    @Test
    void an_invalid_plan_lists_each_violation_with_its_position() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: bad }
                spec:
                  steps:
                    - id: a
                      type: exec
                      needs: [nope]
                      with: { command: [true] }
                """);
        JsonNode error = errorOf("-o", "json", "run", bad.toString());

        assertThat(error.path("data").path("exitCode").asInt()).isEqualTo(ExitCode.INVALID_PLAN.code());
        JsonNode v = error.path("data").path("violations").get(0);
        assertThat(v.path("file").asText()).endsWith("bad.yaml");
        assertThat(v.path("line").asInt()).isEqualTo(8);
        assertThat(v.path("column").asInt()).isPositive();
        assertThat(v.path("path").asText()).contains("needs");
        assertThat(v.path("message").asText()).contains("unknown step 'nope'");
    }
}
