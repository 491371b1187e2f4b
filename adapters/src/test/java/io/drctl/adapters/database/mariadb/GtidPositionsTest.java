package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GtidPositionsTest {
    @Test
    void a_position_at_or_past_every_domain_received_continues_it() {
        assertThat(GtidPositions.missing("0-1-57", "0-1-57")).isEmpty();
        assertThat(GtidPositions.missing("0-1-57,1-3-12", "1-3-12,0-2-60"))
                .isEmpty(); // a new server id in the domain is fine
    }

    @Test
    void a_domain_behind_or_gone_is_named() {
        assertThat(GtidPositions.missing("0-1-57,1-3-12", "0-1-55"))
                .hasValue("domain 0 reached sequence 55 of 57 received; domain 1 (up to sequence 12) is missing");
    }

    @Test
    void nothing_received_is_continued_by_anything() {
        assertThat(GtidPositions.missing("", "0-1-3")).isEmpty();
        assertThat(GtidPositions.missing(null, "")).isEmpty();
    }
}
