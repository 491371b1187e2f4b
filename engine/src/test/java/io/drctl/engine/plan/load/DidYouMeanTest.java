package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    @Test
    void a_typo_within_two_edits_suggests_the_closest_name() {
        assertThat(DidYouMean.closest("timout", List.of("timeout", "type", "retry")))
                .contains("timeout");
        assertThat(DidYouMean.closest("databse", List.of("databases", "dns"))).contains("databases");
    }

    @Test
    void swapped_neighbours_count_as_one_edit() {
        assertThat(DidYouMean.distance("gte", "get")).isEqualTo(1);
        assertThat(DidYouMean.closest("GTE", List.of("GET", "HEAD", "POST"))).contains("GET");
        assertThat(DidYouMean.closest("fence-bd", List.of("fence-db"))).contains("fence-db");
    }

    @Test
    void case_is_ignored() {
        assertThat(DidYouMean.closest("onfailure", List.of("onFailure", "site")))
                .contains("onFailure");
    }

    @Test
    void a_prefix_of_a_longer_name_suggests_it() {
        assertThat(DidYouMean.closest("desc", List.of("description", "id"))).contains("description");
    }

    @Test
    void short_words_do_not_suggest_names_two_edits_away() {
        assertThat(DidYouMean.closest("MX", List.of("A", "AAAA", "CNAME", "TXT")))
                .isEmpty();
        assertThat(DidYouMean.closest("a", List.of("abc"))).isEmpty();
    }

    @Test
    void nothing_close_suggests_nothing() {
        assertThat(DidYouMean.closest("drill", List.of("failover", "rehearsal")))
                .isEmpty();
        assertThat(DidYouMean.hint("drill", List.of("failover", "rehearsal"))).isEmpty();
        assertThat(DidYouMean.hint("skipp", List.of("fail", "skip"))).isEqualTo("; did you mean 'skip'?");
    }
}
