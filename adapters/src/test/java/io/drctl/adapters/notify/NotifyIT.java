package io.drctl.adapters.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.testing.WebhookReceiver;
import io.drctl.adapters.testing.WebhookReceiver.Received;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.secret.Redactor;
import io.drctl.servers.LoopbackPorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Notifications delivered to a real HTTP receiver on a loopback port: retries, failures, redaction, bounded close. */
class NotifyIT {
    /** Quick enough for tests: 3 attempts 50ms apart, 1s per request, 3s to flush. */
    static final DeliveryPolicy QUICK = new DeliveryPolicy(
            3,
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            1000);

    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private static NotifyListener listener(RecordingContext ctx, Map<String, Object>... channels) {
        return new NotifyListener(ChannelSettings.all(List.of(channels)), ctx, QUICK);
    }

    private static void runOf(NotifyListener listener, RunEvent... middle) {
        listener.on(RunEvents.started());
        for (RunEvent e : middle) {
            listener.on(e);
        }
        listener.on(RunEvents.finished());
    }

    @Test
    void each_channel_gets_the_events_it_asks_for_in_its_format() throws Exception {
        RecordingContext ctx =
                new RecordingContext(Map.of("SLACK", receiver.url("/slack"), "TEAMS", receiver.url("/teams")));
        NotifyListener listener = listener(
                ctx,
                Map.of("type", "webhook", "format", "slack", "url", "${env:SLACK}"),
                Map.of(
                        "type",
                        "webhook",
                        "format",
                        "teams",
                        "url",
                        "${env:TEAMS}",
                        "events",
                        List.of("approval-requested")),
                Map.of("type", "webhook", "name", "bot", "url", receiver.url("/bot"), "events", List.of("every-step")));

        runOf(
                listener,
                RunEvents.succeeded("promote-db"),
                RunEvents.approval(),
                RunEvents.failed("reroute", "SERVFAIL", true),
                RunEvents.failed("reroute", "SERVFAIL", false));
        listener.close();

        assertThat(receiver.received("/slack"))
                .extracting(
                        r -> r.json().path("text").asText().lines().findFirst().orElse(""))
                .containsExactly(
                        "Run started: plan chat-pangyo-to-gasan (failover)",
                        "Approval needed for step go-ahead: plan chat-pangyo-to-gasan (failover), 3m12s into the run",
                        "Step reroute FAILED: plan chat-pangyo-to-gasan (failover) after 12.3s",
                        "Run succeeded: plan chat-pangyo-to-gasan (failover) after 4m10s");
        assertThat(receiver.received("/teams"))
                .singleElement()
                .extracting(r -> r.json()
                        .path("attachments")
                        .get(0)
                        .path("content")
                        .path("type")
                        .asText())
                .isEqualTo("AdaptiveCard");
        assertThat(receiver.received("/bot"))
                .extracting(r -> r.json().path("type").asText())
                .containsExactly("step.succeeded", "step.failed");
        assertThat(receiver.received())
                .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/json"));
        assertThat(ctx.notices()).isEmpty();
    }

    @Test
    void a_receiver_that_answers_500_is_retried_then_reported_once_and_the_run_is_never_held_up() throws Exception {
        try (WebhookReceiver failing = WebhookReceiver.start().answering(500)) {
            RecordingContext ctx = new RecordingContext(Map.of("HOOK", failing.url("/hook")));
            NotifyListener listener = listener(ctx, Map.of("type", "webhook", "format", "slack", "url", "${env:HOOK}"));
            long start = System.nanoTime();

            runOf(listener, RunEvents.failed("promote-db", "boom", false));
            Duration handing = Duration.ofNanos(System.nanoTime() - start);
            listener.close();

            assertThat(handing).isLessThan(Duration.ofMillis(200));
            // 3 attempts for the first message; the channel is failing, so one each for the other two.
            assertThat(failing.received("/hook")).hasSize(5);
            assertThat(ctx.notices())
                    .extracting(Object::toString)
                    .containsExactly(
                            "warning notify/slack: could not deliver 'Run started: plan chat-pangyo-to-gasan (failover)' to ${env:HOOK} "
                                    + "after 3 attempts: HTTP 500; further messages are tried once each until one gets through",
                            "warning notify/slack: 3 of 3 messages to ${env:HOOK} could not be delivered");
        }
    }

    @Test
    void a_channel_that_recovers_says_so() throws Exception {
        try (WebhookReceiver flaky = WebhookReceiver.start().answering(503)) {
            RecordingContext ctx = new RecordingContext(Map.of());
            NotifyListener listener = listener(ctx, Map.of("type", "webhook", "name", "flaky", "url", flaky.url("/x")));
            listener.on(RunEvents.started());
            flaky.await("/x", 3, Duration.ofSeconds(5));
            Thread.sleep(100);
            flaky.answering(200);
            listener.on(RunEvents.finished());
            listener.close();

            assertThat(ctx.notices())
                    .extracting(Object::toString)
                    .containsExactly(
                            "warning notify/flaky: could not deliver 'Run started: plan chat-pangyo-to-gasan (failover)' to "
                                    + "http://127.0.0.1:" + flaky.url("").split(":")[2]
                                    + "/… after 3 attempts: HTTP 503; further "
                                    + "messages are tried once each until one gets through",
                            "info notify/flaky: delivering again to http://127.0.0.1:"
                                    + flaky.url("").split(":")[2]
                                    + "/… ('Run succeeded: plan chat-pangyo-to-gasan (failover) after 4m10s' got through)");
        }
    }

    @Test
    void a_receiver_that_is_down_is_reported_and_close_stays_bounded() throws Exception {
        String down = "http://127.0.0.1:" + LoopbackPorts.free() + "/hook";
        RecordingContext ctx = new RecordingContext(Map.of("HOOK", down));
        NotifyListener listener = listener(ctx, Map.of("type", "webhook", "format", "generic", "url", "${env:HOOK}"));

        runOf(listener);
        long start = System.nanoTime();
        listener.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(ctx.notices())
                .first()
                .asString()
                .isEqualTo(
                        "warning notify/generic: could not deliver 'Run started: plan chat-pangyo-to-gasan (failover)' "
                                + "to ${env:HOOK} after 3 attempts: connection refused; further messages are tried once each until one gets through");
        assertThat(ctx.notices()).extracting(Object::toString).noneMatch(n -> n.contains(down));
    }

    @Test
    void a_receiver_too_slow_for_the_flush_limit_loses_what_is_queued_and_says_so() throws Exception {
        try (WebhookReceiver slow = WebhookReceiver.start().slowBy(Duration.ofMillis(900))) {
            RecordingContext ctx = new RecordingContext(Map.of());
            NotifyListener listener = listener(
                    ctx,
                    Map.of("type", "webhook", "name", "slow", "url", slow.url("/s"), "events", List.of("every-step")));
            for (int i = 0; i < 8; i++) {
                listener.on(RunEvents.succeeded("step-" + i));
            }
            long start = System.nanoTime();
            listener.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
            assertThat(ctx.notices())
                    .last()
                    .asString()
                    .matches("warning notify/slow: \\d of 8 messages to http://127\\.0\\.0\\.1:\\d+/… "
                            + "could not be delivered \\(\\d still queued when drctl finished, after waiting 3s\\)");
        }
    }

    @Test
    void secrets_in_events_are_masked_before_they_leave_and_the_url_is_never_shown() throws Exception {
        RecordingContext ctx = new RecordingContext(Map.of("HOOK", receiver.url("/redact?token=hunter2hunter2")));
        ctx.redactor().register("s3cr3t-db-password");
        NotifyListener listener = listener(ctx, Map.of("type", "webhook", "format", "generic", "url", "${env:HOOK}"));

        listener.on(RunEvents.started());
        listener.on(RunEvents.failed("promote-db", "login failed for password s3cr3t-db-password", false));
        listener.close();

        List<Received> got = receiver.received("/redact");
        assertThat(got).hasSize(2);
        assertThat(got.get(1).body())
                .doesNotContain("s3cr3t-db-password")
                .contains("login failed for password " + Redactor.MASK);
        assertThat(ctx.redactor().redact(receiver.url("/redact?token=hunter2hunter2")))
                .isEqualTo(Redactor.MASK);
    }

    @Test
    void a_url_that_cannot_be_resolved_switches_the_channel_off_with_a_warning_and_the_others_still_work()
            throws Exception {
        RecordingContext ctx = new RecordingContext(Map.of("OK", receiver.url("/still-works")));
        NotifyListener listener = listener(
                ctx,
                Map.of("type", "webhook", "name", "broken", "url", "${env:MISSING}"),
                Map.of("type", "webhook", "name", "fine", "url", "${env:OK}"));

        runOf(listener);
        listener.close();

        assertThat(ctx.notices())
                .extracting(Object::toString)
                .containsExactly(
                        "warning notify/broken: cannot resolve the URL "
                                + "(secret reference ${env:MISSING}: the environment variable is not set); this channel is off for this run");
        assertThat(receiver.received("/still-works")).hasSize(2);
    }
}
