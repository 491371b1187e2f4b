package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands in-process, through the harness: what people and bots see, and exit codes. */
class CliCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliHarness drctl() {
        return new CliHarness(dir.resolve("state"));
    }

    Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    Path twoStepPlan() throws Exception {
        return write("two.yaml", """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: two-steps }
                spec:
                  steps:
                    - id: first
                      type: exec
                      with: { command: [echo, hello] }
                    - id: second
                      type: wait
                      needs: [first]
                      with: { duration: 100ms }
                    - id: drill-only
                      type: wait
                      when: [rehearsal]
                      with: { duration: 100ms }
                """);
    }

    @Test
    void validate_prints_a_tick_per_valid_file_and_exits_0() throws Exception {
        CliHarness.Result r = drctl().run("validate", twoStepPlan().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out()).isEqualTo("✓ " + dir.resolve("two.yaml") + " (two-steps, 3 steps)\n");
    }

    @Test
    void validate_lists_every_violation_with_its_position_and_exits_65() throws Exception {
        Path bad = write("bad.yaml", """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: bad }
                spec:
                  steps:
                    - id: a
                      type: exek
                    - id: b
                      type: wait
                      needs: [zzz]
                      with: { duration: 5 minutes }
                """);
        CliHarness.Result r = drctl().run("validate", twoStepPlan().toString(), bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_PLAN.code());
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("✓ ");
        assertThat(lines.get(1)).startsWith("✘ " + bad);
        assertThat(r.out())
                .contains(bad + ":7:13")
                .contains("exec")
                .contains(bad + ":10:15")
                .contains(bad + ":11:25");
    }

    @Test
    void validate_in_json_gives_a_version_line_then_one_object_per_file() throws Exception {
        CliHarness.Result r =
                drctl().run("--output", "json", "validate", twoStepPlan().toString());
        List<JsonNode> lines = parse(r.out());
        assertThat(lines.get(0).path("type").asText()).isEqualTo("version");
        assertThat(lines.get(0).path("schema").asText()).isEqualTo("drctl.io/events/v1");
        assertThat(lines.get(1).path("type").asText()).isEqualTo("validation");
        assertThat(lines.get(1).path("data").path("valid").asBoolean()).isTrue();
    }

    @Test
    void run_executes_the_plan_prints_a_line_per_event_and_exits_0() throws Exception {
        CliHarness.Result r = drctl().run("run", twoStepPlan().toString(), "--reason", "quarterly drill");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out())
                .contains("started: plan two-steps (failover) by tester")
                .contains("reason: quarterly drill")
                .contains("[first] ✓ done")
                .contains("[second] ✓ done")
                .contains("[drill-only] – skipped: runs only in [rehearsal]")
                .contains("succeeded after")
                .contains("journal: ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void run_in_json_emits_versioned_json_lines_for_every_event() throws Exception {
        CliHarness.Result r = drctl().run("run", twoStepPlan().toString(), "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        List<JsonNode> lines = parse(r.out());
        assertThat(lines.get(0).path("type").asText()).isEqualTo("version");
        assertThat(lines.get(1).path("type").asText()).isEqualTo("run.started");
        assertThat(lines.get(lines.size() - 1).path("type").asText()).isEqualTo("run.finished");
        assertThat(lines.get(lines.size() - 1).path("data").path("exitCode").asInt())
                .isZero();
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> {
            assertThat(l.hasNonNull("ts")).isTrue();
            assertThat(l.hasNonNull("run")).isTrue();
            assertThat(l.has("data")).isTrue();
        });
    }

    @Test
    void a_failing_step_exits_1_and_says_how_to_resume() throws Exception {
        Path plan = write("fail.yaml", """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: failing }
                spec:
                  steps:
                    - id: boom
                      type: exec
                      with: { command: [sh, -c, "echo disk full >&2; exit 3"] }
                """);
        CliHarness.Result r = drctl().run("run", plan.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.STEP_FAILED.code());
        assertThat(r.out()).contains("[boom] ✗ failed:").contains("disk full").contains("continue with: drctl resume ");
    }

    @Test
    void plan_previews_with_checks_only_and_detailed_exitcode_says_changes_are_pending() throws Exception {
        Path marker = dir.resolve("marker");
        Path plan = write("preview.yaml", """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: preview }
                spec:
                  steps:
                    - id: make-marker
                      type: exec
                      with: { command: [touch, "%1$s"], check: [test, -e, "%1$s"] }
                """.formatted(marker));
        CliHarness.Result r = drctl().run("plan", plan.toString(), "--detailed-exitcode");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CHANGES_PENDING.code());
        assertThat(r.out()).contains("make-marker").contains("1 step would change something");
        assertThat(marker).doesNotExist();
        assertThat(dir.resolve("state").resolve("runs")).doesNotExist();

        Files.createFile(marker);
        CliHarness.Result again = drctl().run("plan", plan.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(again.out()).contains("already done");
    }

    @Test
    void status_and_runs_describe_a_finished_run() throws Exception {
        CliHarness h = drctl();
        h.run("run", twoStepPlan().toString());
        String runId = Journals.onlyRunId(h.stateDir(), Duration.ofSeconds(1));
        CliHarness.Result status = h.run("status");
        assertThat(status.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(status.out())
                .contains("Run " + runId + ": succeeded (exit 0)")
                .contains("verifies (hash chain and head)")
                .contains("first")
                .contains("succeeded");
        CliHarness.Result runs = h.run("runs");
        assertThat(runs.out()).contains(runId).contains("two-steps").contains("succeeded");
        JsonNode json = parse(h.run("status", runId, "-o", "json").out()).get(1);
        assertThat(json.path("type").asText()).isEqualTo("run.status");
        assertThat(json.path("data").path("state").asText()).isEqualTo("succeeded");
        assertThat(json.path("data").path("steps").get(0).path("id").asText()).isEqualTo("first");
    }

    @Test
    void an_unknown_run_is_a_one_line_usage_error() {
        CliHarness.Result r = drctl().run("status", "20261122-000000-beef");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).startsWith("drctl: no run 20261122-000000-beef in ").hasLineCount(1);
    }

    @Test
    void a_missing_plan_file_is_a_one_line_usage_error() {
        CliHarness.Result r = drctl().run("run", dir.resolve("nope.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).startsWith("drctl: cannot read plan file").hasLineCount(1);
    }

    @Test
    void an_invalid_plan_given_to_run_exits_65_with_positions_and_runs_nothing() throws Exception {
        Path bad = write(
                "bad.yaml",
                "apiVersion: drctl.io/v2\nkind: RecoveryPlan\nmetadata: { name: x }\nspec: { steps: [] }\n");
        CliHarness.Result r = drctl().run("run", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_PLAN.code());
        assertThat(r.err()).contains(bad + ":1:13");
        assertThat(dir.resolve("state").resolve("runs")).doesNotExist();
    }

    @Test
    void unknown_options_and_commands_are_usage_errors_with_exit_64() {
        assertThat(drctl().run("run", "--frobnicate").exitCode()).isEqualTo(ExitCode.USAGE.code());
        CliHarness.Result r = drctl().run("rnu");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("'rnu'").contains("drctl --help");
    }

    @Test
    void version_works_as_command_and_flag() {
        assertThat(drctl().run("version").out()).startsWith("drctl ");
        assertThat(drctl().run("--version").out()).startsWith("drctl ");
        assertThat(parse(drctl().run("version", "-o", "json").out())
                        .get(0)
                        .path("type")
                        .asText())
                .isEqualTo("version");
    }

    @Test
    void schema_prints_a_json_schema_naming_every_built_in_step_type() throws Exception {
        CliHarness.Result r = drctl().run("schema");
        assertThat(r.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        JsonNode schema = JSON.readTree(r.out());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(r.out())
                .contains("\"approval\"")
                .contains("\"wait\"")
                .contains("\"exec\"")
                .contains("\"check.http\"");
    }

    static List<JsonNode> parse(String jsonLines) {
        return jsonLines
                .lines()
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + l, e);
                    }
                })
                .toList();
    }
}
