package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvictionsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void min_available_allows_what_is_healthy_beyond_it() throws Exception {
        assertThat(Evictions.allowedDisruptions(json("{\"minAvailable\":2}"), 3, 3))
                .isEqualTo(1);
        assertThat(Evictions.allowedDisruptions(json("{\"minAvailable\":2}"), 3, 2))
                .isZero();
        assertThat(Evictions.allowedDisruptions(json("{\"minAvailable\":\"50%\"}"), 6, 6))
                .isEqualTo(3);
    }

    @Test
    void max_unavailable_counts_the_pods_the_workloads_should_have() throws Exception {
        assertThat(Evictions.allowedDisruptions(json("{\"maxUnavailable\":2}"), 6, 6))
                .isEqualTo(2);
        assertThat(Evictions.allowedDisruptions(json("{\"maxUnavailable\":2}"), 6, 4))
                .as("two already gone")
                .isZero();
        assertThat(Evictions.allowedDisruptions(json("{\"maxUnavailable\":\"25%\"}"), 8, 8))
                .isEqualTo(2);
    }

    @Test
    void selectors_match_labels_and_expressions() throws Exception {
        JsonNode selector =
                json("{\"matchLabels\":{\"app\":\"api\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\","
                        + "\"values\":[\"api\",\"ws\"]}]}");
        assertThat(Evictions.matches(selector, Map.of("app", "api", "tier", "ws")))
                .isTrue();
        assertThat(Evictions.matches(selector, Map.of("app", "api"))).isFalse();
        assertThat(Evictions.matches(json("{}").path("none"), Map.of("app", "api")))
                .as("no selector selects nothing")
                .isFalse();
    }
}
