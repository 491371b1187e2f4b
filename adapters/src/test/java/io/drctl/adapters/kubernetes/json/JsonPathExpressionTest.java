package io.drctl.adapters.kubernetes.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathExpressionTest {
    private static final JsonNode POD = read("""
            {"status": {"phase": "Running", "conditions": [
                {"type": "PodScheduled", "status": "True"}, {"type": "Ready", "status": "False"}]},
             "spec": {"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:2"}]}}""");

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String eval(String path) {
        return JsonPathExpression.parse(path).evaluateText(POD);
    }

    @Test
    void reads_fields_with_or_without_braces_and_dollar() {
        assertThat(eval("{.status.phase}")).isEqualTo("Running");
        assertThat(eval(".status.phase")).isEqualTo("Running");
        assertThat(eval("$.status.phase")).isEqualTo("Running");
    }

    @Test
    void filters_indexes_and_wildcards_work_like_kubectl() {
        assertThat(eval("{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("False");
        assertThat(eval(".status.conditions[?(@.type=='PodScheduled')].status")).isEqualTo("True");
        assertThat(eval(".status.conditions[?(@.type!=\"Ready\")].type")).isEqualTo("PodScheduled");
        assertThat(eval(".spec.containers[1].image")).isEqualTo("y:2");
        assertThat(eval(".spec.containers[*].name")).isEqualTo("a b");
    }

    @Test
    void a_path_that_reaches_nothing_yields_nothing() {
        assertThat(eval(".status.podIP")).isEmpty();
        assertThat(eval(".spec.containers[5].image")).isEmpty();
    }

    @Test
    void unreadable_paths_are_rejected_with_a_hint() {
        assertThatThrownBy(() -> JsonPathExpression.parse("status.phase")).hasMessageContaining("expected . or [ at 0");
        assertThatThrownBy(() -> JsonPathExpression.parse(".a[?(@.x ~ 1)]"))
                .hasMessageContaining("[?(@.type==\"Ready\")]");
        assertThatThrownBy(() -> JsonPathExpression.parse(".a[0")).hasMessageContaining("unclosed [");
    }
}
