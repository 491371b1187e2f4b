package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.adapters.testing.WebhookReceiver;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import io.drctl.servers.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notifications through the real CLI: a webhook that fails never fails the run, and the failure is in output and journal. */
class NotifyCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static WebhookReceiver receiver;

    @TempDir
    Path dir;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private Path plan(String format) throws Exception {
        Path plan = dir.resolve("notify.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: notify-drill }
                spec:
                  notify:
                    - { type: webhook, format: %s, url: "${env:INCIDENT_WEBHOOK}" }
                  steps:
                    - { id: announce, type: exec, with: { command: [echo, "failover starts"] } }
                    - { id: settle, type: wait, needs: [announce], with: { duration: 200ms } }
                """.formatted(format));
        return plan;
    }

    private static List<JsonNode> jsonLines(String out) {
        return out.lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + l, e);
                    }
                })
                .toList();
    }

    @Test
    void a_run_tells_the_channel_that_it_started_and_how_it_finished() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("INCIDENT_WEBHOOK", receiver.url("/ok"));

        CliHarness.Result run = drctl.run("run", plan("slack").toString(), "--reason", "drill");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        List<String> headlines = receiver.received("/ok").stream()
                .map(r -> r.json().path("text").asText().lines().findFirst().orElse(""))
                .toList();
        assertThat(headlines).hasSize(2);
        assertThat(headlines.get(0)).isEqualTo("Run started: plan notify-drill (failover)");
        assertThat(headlines.get(1)).startsWith("Run succeeded: plan notify-drill (failover) after ");
        assertThat(run.out()).doesNotContain("notify/");
    }

    @Test
    void a_webhook_answering_500_leaves_the_run_successful_and_is_reported_in_output_and_journal() throws Exception {
        try (WebhookReceiver failing = WebhookReceiver.start().answering(500)) {
            Path state = dir.resolve("state");
            CliHarness drctl = new CliHarness(state).env("INCIDENT_WEBHOOK", failing.url("/hook?token=t0ps3cr3t"));

            CliHarness.Result run = drctl.run("run", plan("generic").toString(), "-o", "json");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
            List<JsonNode> notices = jsonLines(run.out()).stream()
                    .filter(e -> e.path("type").asText().equals("run.notice"))
                    .filter(e -> e.path("data").path("source").asText().startsWith("notify/"))
                    .toList();
            assertThat(notices).isNotEmpty();
            assertThat(notices.getFirst().path("data").path("source").asText()).isEqualTo("notify/generic");
            assertThat(notices.getFirst().path("data").path("level").asText()).isEqualTo("warning");
            assertThat(notices.getFirst().path("data").path("message").asText())
                    .isEqualTo(
                            "could not deliver 'Run started: plan notify-drill (failover)' to ${env:INCIDENT_WEBHOOK} after 3 "
                                    + "attempts: HTTP 500; further messages are tried once each until one gets through");
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(1));
            assertThat(Journals.read(state, runId).events())
                    .filteredOn(RunEvent.Notice.class::isInstance)
                    .extracting(e -> ((RunEvent.Notice) e).source())
                    .containsOnly("state", "notify/generic")
                    .contains("notify/generic");
            assertThat(failing.received("/hook")).hasSizeGreaterThanOrEqualTo(3);
            String everything = run.out() + run.err() + Files.readString(Journals.journalFile(state, runId));
            assertThat(everything).doesNotContain("t0ps3cr3t");
        }
    }

    @Test
    void a_webhook_that_is_down_leaves_the_run_successful_and_the_text_output_says_so() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state"))
                .env("INCIDENT_WEBHOOK", "http://127.0.0.1:" + LoopbackPorts.free() + "/hook");

        CliHarness.Result run = drctl.run("run", plan("teams").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(run.out() + run.err())
                .contains("notify/teams: could not deliver 'Run started: plan notify-drill (failover)' "
                        + "to ${env:INCIDENT_WEBHOOK} after 3 attempts: connection refused");
    }
}
