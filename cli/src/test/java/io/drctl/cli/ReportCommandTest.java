package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** drctl report in its four formats, for a run that missed its RTO and failed a step. */
class ReportCommandTest {
    private static final String CANARY = "report-canary-7f3a9c2e";

    @TempDir
    Path dir;

    private CliHarness drctl;

    @BeforeEach
    void a_run_that_failed_a_step_and_missed_its_rto() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: reported }
                spec:
                  objectives: { rto: 1ms, rpo: 1m }
                  steps:
                    - id: drain
                      type: exec
                      with: { command: [sh, -c, 'echo "token $T"'], env: { T: "${env:CANARY}" } }
                    - id: verify
                      type: exec
                      needs: [drain]
                      with: { command: [sh, -c, 'echo "<b>broken</b> & gone" >&2; exit 2'] }
                    - id: reroute
                      type: exec
                      needs: [verify]
                      with: { command: [echo, moved] }
                """);
        drctl = new CliHarness(dir.resolve("state")).env("CANARY", CANARY);
        assertThat(drctl.run("run", plan.toString()).exitCode()).isEqualTo(ExitCode.STEP_FAILED.code());
    }

    @Test
    void markdown_has_the_run_the_objectives_a_gantt_and_every_step() {
        CliHarness.Result r = drctl.run("report");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out())
                .contains("# Run ")
                .contains(": reported")
                .contains("```mermaid\ngantt")
                .contains("drain :done, ")
                .contains("verify :crit, ")
                .contains("| RTO | 1ms |")
                .contains("**missed**")
                .contains("| reroute | not-run | 0 |")
                .contains("1 succeeded, 1 failed, 1 not run")
                .doesNotContain(CANARY);
    }

    @Test
    void junit_xml_has_a_test_case_per_step_and_fails_the_missed_objective() throws Exception {
        CliHarness.Result r = drctl.run("report", "--format", "junit");

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        var suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        assertThat(r.out()).contains("RTO missed").doesNotContain(CANARY);
    }

    @Test
    void json_has_the_measured_rto_against_the_objective_and_the_steps() throws Exception {
        CliHarness.Result r = drctl.run("report", "--format", "json");

        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("plan").path("name").asText()).isEqualTo("reported");
        assertThat(doc.path("objectives").path("rtoMs").asLong()).isEqualTo(1);
        assertThat(doc.path("objectives").path("rtoMet").asBoolean(true)).isFalse();
        assertThat(doc.path("steps")).hasSize(3);
        assertThat(doc.path("steps").get(1).path("state").asText()).isEqualTo("failed");
        assertThat(r.out()).doesNotContain(CANARY);
    }

    @Test
    void html_is_one_page_with_a_bar_per_started_step_coloured_by_outcome_and_escaped_text() throws Exception {
        Path file = dir.resolve("report.html");
        CliHarness.Result r = drctl.run("report", "--format", "html", "--out", file.toString());

        assertThat(r.out()).contains("report: " + file);
        String html = Files.readString(file);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg")
                .contains("fill=\"#2e7d32\"")
                .contains("fill=\"#c62828\"")
                .contains("class=\"objective\"")
                .doesNotContain("<b>broken</b>")
                .doesNotContain(CANARY)
                .doesNotContain("<script")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }
}
