package io.drctl.adapters.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.plan.load.PlanInvalidException;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.spi.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a notification says and the JSON each format sends, without a network. */
class NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final NotificationText text = new NotificationText(RecordingContext.RUN);
    private final EventCodec codec = new EventCodec();

    private JsonNode body(PayloadFormat format, RunEvent event) throws Exception {
        return JSON.readTree(codec.toLine(format.body(text.of(event).orElseThrow(), event, codec)));
    }

    @Test
    void messages_say_plan_mode_step_state_and_elapsed_time() {
        text.of(RunEvents.started());

        Notification started = text.of(RunEvents.started()).orElseThrow();
        Notification failed = text.of(RunEvents.failed("promote-db", "standby is 45s behind; maxLag is 30s", false))
                .orElseThrow();
        Notification approval = text.of(RunEvents.approval()).orElseThrow();
        Notification finished = text.of(RunEvents.finished()).orElseThrow();

        assertThat(started.text())
                .isEqualTo("Run started: plan chat-pangyo-to-gasan (failover)\n"
                        + "Run 20261122-101500-ab12 by alice on ops-laptop, 3 steps.\nReason: pangyo is on fire");
        assertThat(failed.headline())
                .isEqualTo("Step promote-db FAILED: plan chat-pangyo-to-gasan (failover) after 12.3s");
        assertThat(failed.facts())
                .containsExactly(
                        Map.entry("Plan", "chat-pangyo-to-gasan"),
                        Map.entry("Mode", "failover"),
                        Map.entry("Run", "20261122-101500-ab12"),
                        Map.entry("Step", "promote-db"),
                        Map.entry("State", "failed"),
                        Map.entry("Elapsed", "12.3s"));
        assertThat(approval.headline())
                .isEqualTo(
                        "Approval needed for step go-ahead: plan chat-pangyo-to-gasan (failover), 3m12s into the run");
        assertThat(approval.command())
                .contains("drctl approve --state-dir /var/lib/drctl 20261122-101500-ab12 go-ahead");
        assertThat(approval.text())
                .endsWith("Gasan is healthy. Move traffic?\n"
                        + "Approve with: drctl approve --state-dir /var/lib/drctl 20261122-101500-ab12 go-ahead");
        assertThat(finished.text())
                .isEqualTo(
                        "Run succeeded: plan chat-pangyo-to-gasan (failover) after 4m10s\n3 steps succeeded (exit 0)");
    }

    @Test
    void slack_gets_an_incoming_webhook_message_with_text_and_blocks() throws Exception {
        text.of(RunEvents.started());
        JsonNode body = body(PayloadFormat.SLACK, RunEvents.approval());

        assertThat(body.path("text").asText()).startsWith("Approval needed for step go-ahead");
        assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("section");
        assertThat(body.path("blocks").get(0).path("text").path("type").asText())
                .isEqualTo("mrkdwn");
        assertThat(body.path("blocks").get(0).path("text").path("text").asText())
                .startsWith("*Approval needed for step go-ahead")
                .endsWith("Approve with: `drctl approve --state-dir /var/lib/drctl 20261122-101500-ab12 go-ahead`");
        assertThat(body.path("blocks")
                        .get(1)
                        .path("elements")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("Plan: chat-pangyo-to-gasan · Mode: failover · Run: 20261122-101500-ab12 · Step: go-ahead"
                        + " · State: waiting for approval · Elapsed: 3m12s");
    }

    @Test
    void slack_markup_characters_in_messages_are_escaped() throws Exception {
        JsonNode body = body(PayloadFormat.SLACK, RunEvents.failed("x", "expected <200> & got 503", false));

        assertThat(body.path("blocks").get(0).path("text").path("text").asText())
                .contains("expected &lt;200&gt; &amp; got 503");
        assertThat(body.path("text").asText()).contains("expected <200> & got 503");
    }

    @Test
    void teams_gets_an_adaptive_card_with_the_facts() throws Exception {
        JsonNode body = body(PayloadFormat.TEAMS, RunEvents.failed("promote-db", "standby too far behind", false));

        assertThat(body.path("type").asText()).isEqualTo("message");
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("body").get(0).path("text").asText()).startsWith("Step promote-db FAILED");
        assertThat(card.path("body").get(1).path("text").asText()).isEqualTo("standby too far behind");
        JsonNode facts = card.path("body").get(2).path("facts");
        assertThat(facts.get(3).path("title").asText()).isEqualTo("Step");
        assertThat(facts.get(3).path("value").asText()).isEqualTo("promote-db");
    }

    @Test
    void generic_gets_the_event_json_with_plan_mode_and_text() throws Exception {
        RunEvent event = RunEvents.failed("promote-db", "standby too far behind", false);
        JsonNode body = body(PayloadFormat.GENERIC, event);

        assertThat(body.path("type").asText()).isEqualTo("step.failed");
        assertThat(body.path("run").asText()).isEqualTo("20261122-101500-ab12");
        assertThat(body.path("step").asText()).isEqualTo("promote-db");
        assertThat(body.path("data").path("message").asText()).isEqualTo("standby too far behind");
        assertThat(body.path("plan").asText()).isEqualTo("chat-pangyo-to-gasan");
        assertThat(body.path("mode").asText()).isEqualTo("failover");
        assertThat(body.path("text").asText()).startsWith("Step promote-db FAILED");
        assertThat(codec.decode(body)).contains(event);
    }

    @Test
    void filters_pick_events_and_a_failure_with_a_retry_ahead_is_not_news() {
        Set<EventFilter> defaults = EnumSet.of(
                EventFilter.RUN_STARTED,
                EventFilter.RUN_FINISHED,
                EventFilter.STEP_FAILED,
                EventFilter.APPROVAL_REQUESTED);
        assertThat(EventFilter.wants(defaults, RunEvents.started())).isTrue();
        assertThat(EventFilter.wants(defaults, RunEvents.approval())).isTrue();
        assertThat(EventFilter.wants(defaults, RunEvents.failed("a", "x", true)))
                .isFalse();
        assertThat(EventFilter.wants(defaults, RunEvents.failed("a", "x", false)))
                .isTrue();
        assertThat(EventFilter.wants(defaults, RunEvents.succeeded("a"))).isFalse();
        assertThat(EventFilter.wants(EnumSet.of(EventFilter.EVERY_STEP), RunEvents.succeeded("a")))
                .isTrue();
        assertThat(EventFilter.wants(
                        EnumSet.allOf(EventFilter.class),
                        new RunEvent.Notice(RunEvents.T0, "r", null, "warning", "notify/x", "m")))
                .isFalse();
    }

    @Test
    void channels_are_named_by_format_and_numbered_when_they_share_one() {
        List<ChannelSettings> channels = ChannelSettings.all(List.of(
                Map.of("type", "webhook", "format", "slack", "url", "${env:A}"),
                Map.of("type", "webhook", "format", "slack", "url", "${env:B}"),
                Map.of("type", "webhook", "format", "teams", "url", "${env:C}"),
                Map.of("type", "webhook", "name", "bot", "url", "${env:D}", "events", List.of("every-step"))));

        assertThat(channels).extracting(ChannelSettings::name).containsExactly("slack-1", "slack-2", "teams", "bot");
        assertThat(channels.get(3).format()).isEqualTo(PayloadFormat.GENERIC);
        assertThat(channels.get(3).events()).containsExactly(EventFilter.EVERY_STEP);
        assertThat(channels.get(0).events())
                .containsExactlyInAnyOrder(
                        EventFilter.RUN_STARTED,
                        EventFilter.RUN_FINISHED,
                        EventFilter.STEP_FAILED,
                        EventFilter.APPROVAL_REQUESTED);
    }

    @Test
    void webhook_urls_are_shown_as_written_references_or_without_their_path() {
        assertThat(WebhookUrls.shown("${env:INCIDENT_WEBHOOK}")).isEqualTo("${env:INCIDENT_WEBHOOK}");
        assertThat(WebhookUrls.shown("https://hooks.slack.com/services/T000/B000/XXXXSECRET"))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(WebhookUrls.shown("http://user:pw@127.0.0.1:8080/hook?token=abc"))
                .isEqualTo("http://127.0.0.1:8080/…");
        assertThat(WebhookUrls.shown("http://bot.internal")).isEqualTo("http://bot.internal");
    }

    private static List<String> violations(String notify) {
        String plan = """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: notify-test }
                spec:
                  notify:
                """ + notify.indent(4) + """
                  steps:
                    - { id: w, type: wait, with: { duration: 1s } }
                """;
        try {
            new PlanLoader(Language.discover(NotificationsTest.class.getClassLoader()))
                    .parse(Path.of("plan.yaml"), plan.getBytes(StandardCharsets.UTF_8));
            return List.of();
        } catch (PlanInvalidException e) {
            return e.violations().stream().map(Object::toString).toList();
        }
    }

    @Test
    void a_valid_section_has_no_violations() {
        assertThat(violations("""
                - { type: webhook, format: slack, url: "${env:INCIDENT_WEBHOOK}" }
                - { type: webhook, name: bot, url: "http://bot.internal:8080/drctl", events: [every-step] }
                """)).isEmpty();
    }

    @Test
    void channel_names_are_unique_and_literal_urls_are_http() {
        assertThat(violations("""
                - { type: webhook, format: slack, url: "${env:A}" }
                - { type: webhook, name: slack, url: "ftp://example.com/x" }
                """))
                .containsExactly(
                        "plan.yaml:7:30: channel name 'slack' is taken by notify[0]: give each channel its own name (at spec.notify[1].name)",
                        "plan.yaml:7:42: must be an http:// or https:// URL with a host (at spec.notify[1].url)");
    }

    @Test
    void an_unknown_event_names_the_known_ones() {
        assertThat(violations("- { type: webhook, url: \"${env:A}\", events: [every-step, step-done] }"))
                .containsExactly("plan.yaml:6:62: expected one of 'run-started', 'run-finished', 'step-failed', "
                        + "'approval-requested', 'every-step', got 'step-done' (at spec.notify[0].events[1])");
    }
}
