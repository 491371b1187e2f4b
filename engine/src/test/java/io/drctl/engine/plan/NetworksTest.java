package io.drctl.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworksTest {
    @Test
    void a_cidr_range_holds_the_addresses_under_its_prefix_and_no_others() {
        assertThat(Networks.contains("10.1.0.0/16", "10.1.255.7")).isTrue();
        assertThat(Networks.contains("10.1.0.0/16", "10.2.0.1")).isFalse();
        assertThat(Networks.contains("0.0.0.0/0", "192.0.2.1")).isTrue();
        assertThat(Networks.contains("2001:db8::/32", "[2001:db8:1::5]")).isTrue();
        assertThat(Networks.contains("2001:db8::/32", "10.1.0.1")).isFalse();
    }

    @Test
    void a_name_is_never_looked_up_to_match_a_range() {
        // Even a name that resolves into the range: on the worst day the resolver may be what burned.
        assertThat(Networks.contains("127.0.0.0/8", "localhost")).isFalse();
    }

    @Test
    void a_name_pattern_matches_the_name_or_any_name_under_it() {
        assertThat(Networks.contains("*.pangyo.internal", "pg.pangyo.internal")).isTrue();
        assertThat(Networks.contains("*.pangyo.internal", "PG.Pangyo.Internal")).isTrue();
        assertThat(Networks.contains("*.pangyo.internal", "pangyo.internal.evil.example"))
                .isFalse();
        assertThat(Networks.contains("hooks.example.com", "hooks.example.com")).isTrue();
        assertThat(Networks.contains("hooks.example.com", "x.hooks.example.com"))
                .isFalse();
    }

    @Test
    void what_is_neither_a_range_nor_a_name_is_said_plainly() {
        assertThat(Networks.problem("10.1.0.0/33"))
                .hasValueSatisfying(p -> assertThat(p).contains("0..32"));
        assertThat(Networks.problem("10.1.0/16")).isPresent();
        assertThat(Networks.problem("pangyo datacenter"))
                .hasValueSatisfying(p -> assertThat(p).contains("neither a CIDR range"));
        assertThat(Networks.problem("*.pangyo.internal")).isEmpty();
        assertThat(Networks.problem("10.1.0.0/16")).isEmpty();
    }
}
