package io.drctl.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.http.TestHttpServer.Reply;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.StepThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** check.http against a real HTTP server on a loopback port. */
class CheckHttpStepIT {
    private final CheckHttpStepType type = new CheckHttpStepType();
    private TestHttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private String serve(TestHttpServer.Script script) throws Exception {
        server = TestHttpServer.start(script);
        return server.url("/healthz");
    }

    private FakeStepContext.Builder probing(String url) {
        return FakeStepContext.forType(type)
                .param("url", url)
                .param("interval", Duration.ofMillis(50))
                .deadlineIn(Duration.ofSeconds(20));
    }

    private void verify(FakeStepContext ctx) throws Exception {
        type.bind(ctx.definition()).verify(ctx);
    }

    private static Duration timed(ThrowingRunnable body) {
        long start = System.nanoTime();
        try {
            body.run();
        } catch (Exception e) {
            // the caller asserts on the outcome separately
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void a_healthy_endpoint_passes_verify_with_one_probe() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(200, "ok"))).build();

        verify(ctx);

        assertThat(ctx.outputs())
                .containsEntry("lastStatus", 200)
                .containsEntry("probes", 1)
                .containsKey("lastLatencyMs");
        assertThat(ctx.progressMessages()).singleElement().asString().matches("1/1 healthy: 200 in \\d+ms");
    }

    @Test
    void an_endpoint_that_comes_up_passes_once_healthy_enough_times_in_a_row() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(n <= 3 ? 503 : 200)))
                .param("consecutive", 3L)
                .build();

        verify(ctx);

        assertThat(server.requests()).isEqualTo(6);
        assertThat(ctx.outputs()).containsEntry("lastStatus", 200).containsEntry("probes", 6);
        assertThat(ctx.progressMessages()).first().asString().matches("unhealthy: 503 in \\d+ms");
        assertThat(ctx.progressMessages()).last().asString().matches("3/3 healthy: 200 in \\d+ms");
    }

    @Test
    void an_unhealthy_probe_starts_the_count_again() throws Exception {
        // healthy, healthy, unhealthy, then healthy for good: needs 3 more after the 503
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(n == 3 ? 503 : 200)))
                .param("consecutive", 3L)
                .build();

        verify(ctx);

        assertThat(server.requests()).isEqualTo(6);
    }

    @Test
    void an_endpoint_that_stays_unhealthy_fails_at_the_deadline_naming_the_url_and_the_last_status() throws Exception {
        String url = serve((n, path) -> Reply.of(503));
        FakeStepContext ctx = probing(url)
                .param("interval", Duration.ofMillis(100))
                .deadlineIn(Duration.ofMillis(1500))
                .build();

        Duration took = timed(() -> assertThatThrownBy(() -> verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("GET " + url + " did not get 200 before the deadline (")
                .hasMessageMatching(".* probes\\); last: 503 in \\d+ms"));

        assertThat(took).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(6));
        assertThat(ctx.outputs()).containsEntry("lastStatus", 503);
        assertThat((Integer) ctx.output("probes")).isGreaterThan(3);
    }

    @Test
    void a_closed_port_is_connection_refused_until_the_deadline() throws Exception {
        String url = "http://127.0.0.1:" + TestHttpServer.closedPort() + "/healthz";
        FakeStepContext ctx = probing(url).deadlineIn(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("GET " + url + " did not get 200 before the deadline")
                .hasMessageEndingWith("; last: connection refused");
        assertThat(ctx.progressMessages()).contains("unhealthy: connection refused");
        assertThat(ctx.outputs()).doesNotContainKey("lastStatus");
    }

    @Test
    void a_response_slower_than_max_latency_is_unhealthy() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(200).after(Duration.ofMillis(400))))
                .param("maxLatency", Duration.ofMillis(100))
                .deadlineIn(Duration.ofSeconds(2))
                .build();

        assertThatThrownBy(() -> verify(ctx))
                .hasMessageMatching(
                        ".*did not get 200 within 100ms before the deadline .*; last: 200 in \\d+ms \\(slower than maxLatency 100ms\\)");
    }

    @Test
    void a_response_slower_than_request_timeout_is_no_response() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(200).after(Duration.ofSeconds(3))))
                .param("requestTimeout", Duration.ofMillis(200))
                .deadlineIn(Duration.ofMillis(1500))
                .build();

        assertThatThrownBy(() -> verify(ctx)).hasMessageEndingWith("; last: no answer within 200ms");
    }

    @Test
    void the_body_must_contain_and_match_what_the_step_expects() throws Exception {
        String url = serve((n, path) -> Reply.of(200, "{\"status\":\"ok\",\"version\":\"1.24.3\"}"));

        verify(probing(url)
                .param("bodyContains", "\"status\":\"ok\"")
                .param("bodyMatches", "\"version\":\"1\\.\\d+")
                .build());

        FakeStepContext lacking = probing(url)
                .param("bodyContains", "degraded")
                .deadlineIn(Duration.ofMillis(700))
                .build();
        assertThatThrownBy(() -> verify(lacking))
                .hasMessageMatching(".*; last: 200 in \\d+ms \\(body lacks \"degraded\"\\)");
        FakeStepContext notMatching = probing(url)
                .param("bodyMatches", "version\":\"2")
                .deadlineIn(Duration.ofMillis(700))
                .build();
        assertThatThrownBy(() -> verify(notMatching)).hasMessageMatching(".*\\(body does not match /version\":\"2/\\)");
    }

    @Test
    void only_the_first_mebibyte_of_a_body_is_read() throws Exception {
        String huge = "ok-at-start " + "x".repeat(3 * 1024 * 1024) + " ok-at-end";
        String url = serve((n, path) -> Reply.of(200, huge));

        verify(probing(url).param("bodyContains", "ok-at-start").build());

        FakeStepContext beyond = probing(url)
                .param("bodyContains", "ok-at-end")
                .deadlineIn(Duration.ofMillis(800))
                .build();
        assertThatThrownBy(() -> verify(beyond)).hasMessageContaining("(body lacks \"ok-at-end\")");
    }

    @Test
    void head_sends_a_head_request() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(200, "ignored")))
                .param("method", "HEAD")
                .build();

        verify(ctx);

        assertThat(server.seen()).extracting(TestHttpServer.Seen::method).containsExactly("HEAD");
    }

    @Test
    void headers_are_sent_with_secret_references_resolved_but_never_shown() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(200)))
                .param("headers", Map.of("Authorization", "Bearer ${env:HEALTH_TOKEN}", "X-Probe", "drctl"))
                .env("HEALTH_TOKEN", "t0ken-value")
                .build();

        verify(ctx);

        assertThat(server.seen().getFirst().header("Authorization")).isEqualTo("Bearer t0ken-value");
        assertThat(server.seen().getFirst().header("X-Probe")).isEqualTo("drctl");
        assertThat(ctx.progressMessages() + " " + ctx.outputs()).doesNotContain("t0ken-value");
    }

    @Test
    void a_secret_in_the_url_is_resolved_for_the_request_but_shown_as_written() throws Exception {
        String url = serve((n, path) -> Reply.of(503));
        FakeStepContext ctx = probing(url + "?token=${env:HEALTH_TOKEN}")
                .env("HEALTH_TOKEN", "t0ken-value")
                .deadlineIn(Duration.ofMillis(600))
                .build();

        assertThatThrownBy(() -> verify(ctx))
                .hasMessageStartingWith("GET " + url + "?token=${env:HEALTH_TOKEN} did not get")
                .message()
                .doesNotContain("t0ken-value");
        assertThat(server.seen().getFirst().path()).isEqualTo("/healthz");
    }

    @Test
    void any_status_in_the_expected_list_is_healthy() throws Exception {
        verify(probing(serve((n, path) -> Reply.of(204)))
                .param("expectStatus", List.of(200L, 204L))
                .build());
    }

    @Test
    void redirects_are_judged_as_they_are_unless_follow_redirects_is_on() throws Exception {
        String url =
                serve((n, path) -> path.equals("/healthz") ? Reply.of(302).header("Location", "/real") : Reply.of(200));

        FakeStepContext notFollowing =
                probing(url).deadlineIn(Duration.ofMillis(600)).build();
        assertThatThrownBy(() -> verify(notFollowing)).hasMessageMatching(".*; last: 302 in \\d+ms");

        verify(probing(url).param("followRedirects", true).build());
        assertThat(server.seen()).extracting(TestHttpServer.Seen::path).contains("/real");
    }

    @Test
    void check_probes_once_and_says_what_it_will_wait_for_and_what_it_sees_now() throws Exception {
        String url = serve((n, path) -> Reply.of(503));
        FakeStepContext ctx = probing(url).param("consecutive", 3L).build();

        String summary = type.bind(ctx.definition()).check(ctx).summary();

        assertThat(summary)
                .matches("will probe GET \\Q" + url + "\\E until 3 consecutive 200 \\(now: 503 in \\d+ms\\)");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void check_against_a_closed_port_is_not_an_error() throws Exception {
        String url = "http://127.0.0.1:" + TestHttpServer.closedPort() + "/healthz";
        FakeStepContext ctx = probing(url).build();

        assertThat(type.bind(ctx.definition()).check(ctx).summary())
                .isEqualTo("will probe GET " + url + " until 200 (now: connection refused)");
    }

    @Test
    void an_interrupt_stops_polling_promptly() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(503)))
                .param("interval", Duration.ofMillis(300))
                .deadlineIn(Duration.ofMinutes(5))
                .build();
        StepThread verify = StepThread.start("verify", () -> {
            verify(ctx);
            return null;
        });
        Thread.sleep(700);

        verify.interrupt();

        assertThat(verify.awaitEnd(Duration.ofSeconds(10))).isInstanceOf(InterruptedException.class);
        assertThat(verify.endedAfterInterrupt()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void an_interrupt_cancels_a_request_in_flight() throws Exception {
        FakeStepContext ctx = probing(serve((n, path) -> Reply.of(200).after(Duration.ofSeconds(30))))
                .param("requestTimeout", Duration.ofMinutes(1))
                .deadlineIn(Duration.ofMinutes(5))
                .build();
        StepThread verify = StepThread.start("verify", () -> {
            verify(ctx);
            return null;
        });
        Thread.sleep(700);

        verify.interrupt();

        assertThat(verify.awaitEnd(Duration.ofSeconds(10))).isInstanceOf(InterruptedException.class);
        assertThat(verify.endedAfterInterrupt()).isLessThan(Duration.ofSeconds(2));
    }
}
