package io.drctl.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.RecordingPlanValidation;
import io.drctl.engine.testing.StepTypeContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CheckHttpStepTypeTest {
    private final CheckHttpStepType type = new CheckHttpStepType();

    private List<String> errorsOf(Map<String, Object> with) {
        RecordingPlanValidation validation = new RecordingPlanValidation();
        type.validate(FakeStepContext.forType(type).params(with).build().definition(), validation);
        return validation.errors();
    }

    @Test
    void is_found_through_the_service_loader() {
        assertThat(Language.discover().stepType("check.http")).containsInstanceOf(CheckHttpStepType.class);
    }

    @Test
    void documents_itself_completely() {
        StepTypeContract.assertDocumentsItself(type);
    }

    @Test
    void has_an_up_to_date_page_in_docs_steps() {
        StepTypeContract.assertDocsPageUpToDate(type);
    }

    @Test
    void a_valid_step_has_no_errors() {
        assertThat(errorsOf(Map.of(
                        "url",
                        "https://gasan.example.com/healthz",
                        "bodyMatches",
                        "ok|healthy",
                        "headers",
                        Map.of("Authorization", "Bearer ${env:T}"))))
                .isEmpty();
        assertThat(errorsOf(Map.of("url", "${env:HEALTH_URL}"))).isEmpty();
    }

    @Test
    void a_body_pattern_that_does_not_compile_is_an_error_at_body_matches() {
        assertThat(errorsOf(Map.of("url", "http://a/", "bodyMatches", "ok(")))
                .singleElement()
                .asString()
                .startsWith("bodyMatches: not a valid regular expression: Unclosed group");
    }

    @Test
    void a_url_must_be_http_or_https_with_a_host() {
        assertThat(errorsOf(Map.of("url", "ftp://a/")))
                .containsExactly("url: must be an http:// or https:// URL with a host");
        assertThat(errorsOf(Map.of("url", "gasan.example.com/healthz"))).hasSize(1);
    }

    @Test
    void body_checks_make_no_sense_with_head() {
        assertThat(errorsOf(Map.of("url", "http://a/", "method", "HEAD", "bodyContains", "ok")))
                .containsExactly("bodyContains: a HEAD response has no body; use method: GET to check it");
    }

    @Test
    void headers_the_client_sets_itself_cannot_be_given() {
        assertThat(errorsOf(Map.of("url", "http://a/", "headers", Map.of("Host", "x"))))
                .containsExactly("headers.Host: set by the HTTP client itself; it cannot be given");
    }

    @Test
    void a_header_value_that_http_cannot_carry_fails_naming_the_header_but_not_the_value() {
        FakeStepContext ctx = FakeStepContext.forType(type)
                .param("url", "http://127.0.0.1:1/")
                .param("headers", Map.of("X-Token", "${env:TOKEN}"))
                .env("TOKEN", "line1\nline2")
                .build();

        assertThatThrownBy(() -> ProbeSettings.from(ctx.params()))
                .isInstanceOf(StepFailedException.class)
                .hasMessage(
                        "header X-Token cannot be sent: its name or value is not valid in HTTP (a line break in a secret file?)");
    }

    @Test
    void a_password_in_the_url_is_masked_when_shown() {
        assertThat(ProbeSettings.displayUrl("https://probe:pa55@gasan.example.com/healthz?x=1"))
                .isEqualTo("https://probe:***@gasan.example.com/healthz?x=1");
        assertThat(ProbeSettings.displayUrl("https://gasan.example.com/a@b"))
                .isEqualTo("https://gasan.example.com/a@b");
    }

    @Test
    void expect_status_is_one_code_or_a_list() {
        assertThat(ProbeSettings.statuses(204L)).containsExactly(204);
        assertThat(ProbeSettings.statuses(List.of(200L, 204L))).containsExactlyInAnyOrder(200, 204);
        assertThat(ProbeSettings.statuses(null)).containsExactly(200);
    }

    @Test
    void criteria_read_as_what_verify_waits_for() {
        ProbeCriteria criteria = new ProbeCriteria(
                Set.of(204, 200),
                Optional.of("ok"),
                Optional.of(Pattern.compile("v\\d")),
                Optional.of(Duration.ofMillis(500)));

        assertThat(criteria.describe(3))
                .isEqualTo("3 consecutive 200 or 204 with body containing \"ok\" and matching /v\\d/ within 500ms");
        assertThat(new ProbeCriteria(Set.of(200), Optional.empty(), Optional.empty(), Optional.empty()).describe(1))
                .isEqualTo("200");
    }

    @Test
    void observations_read_the_way_operators_talk() {
        assertThat(Observation.response(503, Duration.ofMillis(12), Optional.of("status 503"))
                        .summary())
                .isEqualTo("503 in 12ms");
        assertThat(Observation.response(200, Duration.ofMillis(900), Optional.of("slower than maxLatency 500ms"))
                        .summary())
                .isEqualTo("200 in 900ms (slower than maxLatency 500ms)");
        assertThat(Observation.noResponse("connection refused", Duration.ofMillis(1))
                        .summary())
                .isEqualTo("connection refused");
        assertThat(Observation.response(200, Duration.ofMillis(3), Optional.empty())
                        .status())
                .isEqualTo(OptionalInt.of(200));
    }
}
