package io.drctl.adapters.kubernetes.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static boolean matches(String selector, Map<String, String> labels) throws Exception {
        return LabelSelector.parse(selector).matches(labels);
    }

    @Test
    void equality_requirements_match_as_kubernetes_does() throws Exception {
        assertThat(matches("tier=api", Map.of("tier", "api"))).isTrue();
        assertThat(matches("tier==api", Map.of("tier", "api"))).isTrue();
        assertThat(matches("tier=api", Map.of("tier", "ws"))).isFalse();
        assertThat(matches("tier!=db", Map.of()))
                .as("!= matches an absent label")
                .isTrue();
        assertThat(matches("tier!=db", Map.of("tier", "db"))).isFalse();
    }

    @Test
    void set_based_requirements_match_as_kubernetes_does() throws Exception {
        assertThat(matches("tier in (api, ws)", Map.of("tier", "ws"))).isTrue();
        assertThat(matches("tier in (api,ws)", Map.of("tier", "db"))).isFalse();
        assertThat(matches("tier in (api,ws)", Map.of())).isFalse();
        assertThat(matches("tier notin (db)", Map.of())).isTrue();
        assertThat(matches("tier notin (db)", Map.of("tier", "db"))).isFalse();
        assertThat(matches("canary", Map.of("canary", ""))).isTrue();
        assertThat(matches("!canary", Map.of("canary", "yes"))).isFalse();
        assertThat(matches("!canary", Map.of())).isTrue();
    }

    @Test
    void all_requirements_must_hold_and_commas_inside_sets_do_not_split() throws Exception {
        LabelSelector s = LabelSelector.parse("tier in (api,ws), app.kubernetes.io/part-of=chat, !canary");

        assertThat(s.requirements()).hasSize(3);
        assertThat(s.matches(Map.of("tier", "api", "app.kubernetes.io/part-of", "chat")))
                .isTrue();
        assertThat(s.matches(Map.of("tier", "api", "app.kubernetes.io/part-of", "chat", "canary", "1")))
                .isFalse();
        assertThat(s.matches(Map.of("tier", "api"))).isFalse();
    }

    @Test
    void an_empty_selector_selects_everything() throws Exception {
        assertThat(LabelSelector.parse("  ").isEmpty()).isTrue();
        assertThat(matches("", Map.of("x", "y"))).isTrue();
    }

    @Test
    void unreadable_selectors_say_what_and_how_to_write_it() {
        assertThatThrownBy(() -> LabelSelector.parse("tier in api"))
                .hasMessageStartingWith("cannot read 'tier in api'")
                .hasMessageContaining("key in (a,b)");
        assertThatThrownBy(() -> LabelSelector.parse("tier=api,,x")).hasMessageContaining("empty requirement");
        assertThatThrownBy(() -> LabelSelector.parse("tier=a b")).hasMessageContaining("cannot read 'tier=a b'");
    }
}
