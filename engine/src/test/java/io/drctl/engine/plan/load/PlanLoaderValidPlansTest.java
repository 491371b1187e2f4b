package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drctl.engine.plan.Backoff;
import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.RetryPolicy;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlanLoaderValidPlansTest {
    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    static Stream<Path> validPlans() {
        return PlanFiles.in("valid").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPlans")
    void every_valid_plan_loads_without_violations(Path file) {
        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> loader.load(file));
        assertThat(invalid).as(() -> invalid.violations().toString()).isNull();
    }

    @Test
    void the_full_plan_keeps_metadata_objectives_and_sites() {
        Plan plan = loader.load(PlanFiles.resource("valid/full.yaml"));

        assertThat(plan.name()).isEqualTo("chat-pangyo-to-gasan");
        assertThat(plan.description()).isEqualTo("Move messaging from Pangyo to Gasan");
        assertThat(plan.labels()).containsExactly(Map.entry("team", "messaging"), Map.entry("tier", "1"));
        assertThat(plan.objectives().rto()).contains(Duration.ofMinutes(20));
        assertThat(plan.objectives().rpo()).contains(Duration.ofMinutes(1));
        assertThat(plan.sites()).containsOnlyKeys("pangyo", "gasan");
        assertThat(plan.sites().get("pangyo").description()).isEqualTo("The primary datacenter");
        assertThat(plan.sites().get("pangyo").facets())
                .containsEntry("kubernetes", Map.of("context", "pangyo-prod", "namespace", "chat"));
        assertThat(plan.sites().get("gasan").description()).isEmpty();
        assertThat(plan.sites().get("gasan").position().line()).isEqualTo(16);
    }

    @Test
    void the_full_plan_keeps_sections_as_converted_values_with_secret_references_unresolved() {
        Plan plan = loader.load(PlanFiles.resource("valid/full.yaml"));

        assertThat(plan.sections()).containsOnlyKeys("databases", "notify");
        Map<String, Object> databases =
                plan.<Map<String, Object>>section("databases").orElseThrow();
        assertThat(databases).isInstanceOf(LinkedHashMap.class);
        assertThat(databases)
                .extractingByKey("chat")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("members")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("pangyo")
                .isEqualTo(Map.of(
                        "url",
                        "jdbc:postgresql://pg.pangyo.internal:5432/chat",
                        "user",
                        "drctl",
                        "password",
                        "${env:CHAT_DB_PASSWORD}"));
        assertThat(plan.<List<Object>>section("notify").orElseThrow())
                .containsExactly(Map.of("type", "webhook", "format", "slack", "url", "${env:INCIDENT_WEBHOOK}"));
    }

    @Test
    void the_full_plan_keeps_every_step_field() {
        Plan plan = loader.load(PlanFiles.resource("valid/full.yaml"));

        assertThat(plan.steps())
                .extracting(StepDefinition::id)
                .containsExactly(
                        "freeze-pangyo",
                        "promote-db",
                        "scale-gasan",
                        "scale-gasan-ws",
                        "verify-gasan",
                        "go-ahead",
                        "reroute",
                        "settle-ttl",
                        "annotate",
                        "record");

        StepDefinition freeze = plan.step("freeze-pangyo").orElseThrow();
        assertThat(freeze.type()).isEqualTo("k8s.scale");
        assertThat(freeze.description()).isEqualTo("Stop writes at the failed site, if it still answers");
        assertThat(freeze.site()).contains("pangyo");
        assertThat(freeze.ifUnreachable()).isEqualTo(UnreachablePolicy.SKIP);
        assertThat(freeze.onFailure()).isEqualTo(FailurePolicy.CONTINUE);
        assertThat(freeze.when()).containsExactly(Mode.FAILOVER);
        assertThat(freeze.runsIn(Mode.REHEARSAL)).isFalse();
        assertThat(freeze.timeout()).contains(Duration.ofMinutes(2));
        assertThat(freeze.retry()).isEqualTo(RetryPolicy.NONE);
        assertThat(freeze.with())
                .containsEntry("replicas", 0L)
                .containsEntry("settle", Duration.ofSeconds(10))
                .containsEntry("strategy", "rolling");
        assertThat(freeze.position()).satisfies(p -> {
            assertThat(p.line()).isEqualTo(27);
            assertThat(p.column()).isEqualTo(7);
            assertThat(p.path()).isEqualTo("spec.steps[0]");
            assertThat(p.file()).endsWith("full.yaml");
        });

        StepDefinition promote = plan.step("promote-db").orElseThrow();
        assertThat(promote.needs()).containsExactly("freeze-pangyo");
        assertThat(promote.retry())
                .isEqualTo(new RetryPolicy(
                        3, new Backoff(Backoff.Type.FIXED, Duration.ofSeconds(5), Duration.ofSeconds(5))));
        assertThat(promote.with()).containsEntry("maxLag", Duration.ofSeconds(30));
        assertThat(promote.onFailure()).isEqualTo(FailurePolicy.HALT);
        assertThat(promote.ifUnreachable()).isEqualTo(UnreachablePolicy.FAIL);
        assertThat(promote.when()).isEmpty();
        assertThat(promote.site()).isEmpty();
        assertThat(promote.timeout()).isEmpty();
        assertThat(promote.description()).isEmpty();

        StepDefinition scale = plan.step("scale-gasan").orElseThrow();
        assertThat(scale.retry()).isEqualTo(new RetryPolicy(2, Backoff.DEFAULT));
        assertThat(scale.with())
                .containsEntry("replicas", "fromSnapshot")
                .containsEntry("settle", Duration.ofSeconds(90))
                .containsEntry("strategy", "all-at-once");
        assertThat(plan.step("scale-gasan-ws").orElseThrow().with())
                .containsEntry("replicas", Map.of("fromSite", "pangyo"));

        StepDefinition verify = plan.step("verify-gasan").orElseThrow();
        assertThat(verify.when()).isEqualTo(Set.of(Mode.FAILOVER, Mode.REHEARSAL));
        assertThat(verify.with())
                .containsEntry("expectStatus", 204L)
                .containsEntry("consecutive", 3L)
                .containsEntry("method", "GET")
                .containsEntry("insecure", false)
                .containsEntry(
                        "headers",
                        Map.of("Authorization", "Bearer ${env:PROBE_TOKEN}", "X-Literal", "$${not-a-secret}"));

        assertThat(plan.step("reroute").orElseThrow().with().get("records"))
                .isEqualTo(List.of(
                        Map.of("name", "chat", "type", "CNAME", "value", "chat.gasan.example.com.", "ttl", 30L),
                        Map.of("name", "chat-txt", "type", "TXT", "value", "moved", "ttl", 300L)));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metadata", Map.of("annotations", Map.of("drctl.io/failed-over", "true", "drctl.io/count", 3L)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("paused", false);
        spec.put("replicas", null);
        spec.put("ratio", 0.5);
        body.put("spec", spec);
        assertThat(plan.step("annotate").orElseThrow().with()).containsEntry("body", body);

        assertThat(plan.step("record").orElseThrow().with())
                .containsEntry("command", List.of("/usr/local/bin/record-failover", "--plan", "chat"))
                .containsEntry("env", Map.of("TOKEN", "${env:RECORD_TOKEN}"));
    }

    @Test
    void yaml_booleans_and_numbers_keep_their_text_where_the_language_expects_text() {
        Plan plan = loader.load(PlanFiles.resource("valid/yaml-quirks.yaml"));

        assertThat(plan.labels())
                .containsExactly(
                        Map.entry("enabled", "yes"),
                        Map.entry("version", "1.10"),
                        Map.entry("count", "3"),
                        Map.entry("switch", "off"));
        assertThat(plan.step("ask").orElseThrow().with()).containsEntry("message", "no");
        assertThat(plan.step("2024").orElseThrow().with()).containsEntry("command", List.of("echo", "1_000", "on"));
    }

    @Test
    void merge_keys_share_parameters_and_explicit_keys_win() {
        Plan plan = loader.load(PlanFiles.resource("valid/yaml-quirks.yaml"));

        assertThat(plan.step("probe-a").orElseThrow().with())
                .containsEntry("url", "https://a.example.com/healthz")
                .containsEntry("insecure", true)
                .containsEntry("expectStatus", 200L);
        assertThat(plan.step("probe-b").orElseThrow().with())
                .containsEntry("url", "https://b.example.com/healthz")
                .containsEntry("insecure", true);
    }

    @Test
    void steps_keep_file_order_and_needs_may_point_forward() {
        Plan plan = loader.load(PlanFiles.resource("valid/diamond.yaml"));

        assertThat(plan.steps()).extracting(StepDefinition::id).containsExactly("join", "left", "right", "start");
        assertThat(plan.step("join").orElseThrow().needs()).containsExactly("left", "right");
        assertThat(plan.objectives().rto()).contains(Duration.ofMinutes(90));
        assertThat(plan.objectives().rpo()).isEmpty();
        assertThat(plan.sites()).isEmpty();
        assertThat(plan.sections()).isEmpty();
        assertThat(plan.labels()).isEmpty();
    }
}
