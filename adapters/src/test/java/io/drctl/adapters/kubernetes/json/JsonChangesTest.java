package io.drctl.adapters.kubernetes.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonChangesTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void a_merge_patch_merges_objects_replaces_values_and_removes_with_null() throws Exception {
        JsonNode target = json("{\"spec\":{\"replica\":{\"enabled\":true,\"source\":\"a\"},\"instances\":3},\"x\":1}");
        JsonNode patch = json("{\"spec\":{\"replica\":{\"enabled\":false}},\"x\":null,\"y\":[1]}");

        assertThat(JsonChanges.mergePatch(target, patch))
                .isEqualTo(json(
                        "{\"spec\":{\"replica\":{\"enabled\":false,\"source\":\"a\"},\"instances\":3},\"y\":[1]}"));
        assertThat(target.path("x").asInt()).as("the target is not modified").isEqualTo(1);
    }

    @Test
    void changes_are_listed_per_leaf_old_to_new_ignoring_bookkeeping() throws Exception {
        JsonNode before = json("{\"metadata\":{\"resourceVersion\":\"1\",\"annotations\":{\"a\":\"x\"}},"
                + "\"spec\":{\"enabled\":true,\"gone\":1},\"status\":{\"phase\":\"A\"}}");
        JsonNode after = json("{\"metadata\":{\"resourceVersion\":\"2\",\"annotations\":{\"a\":\"y\",\"b\":\"z\"}},"
                + "\"spec\":{\"enabled\":false},\"status\":{\"phase\":\"B\"}}");

        assertThat(JsonChanges.between(before, after))
                .containsExactly(
                        "metadata.annotations.a: \"x\" → \"y\"",
                        "metadata.annotations.b: (none) → \"z\"",
                        "spec.enabled: true → false",
                        "spec.gone: 1 → (none)");
    }

    @Test
    void identical_documents_have_no_changes() throws Exception {
        assertThat(JsonChanges.between(json("{\"a\":{\"b\":[1,2]}}"), json("{\"a\":{\"b\":[1,2]}}")))
                .isEmpty();
    }
}
