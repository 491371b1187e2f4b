package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MySqlGtidSetTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "8a94f357-aab4-11df-86ab-c80aa9429562";

    @Test
    void gtids_missing_from_the_middle_and_the_end_of_a_range_are_named_as_a_gtid_set() {
        assertThat(MySqlGtidSet.missing(A + ":1-20", A + ":1-4:8-15"))
                .hasValue("the GTIDs " + A + ":5-7:16-20 it had retrieved are not in its gtid_executed");
    }

    @Test
    void a_source_the_new_primary_never_heard_of_is_missing_whole() {
        assertThat(MySqlGtidSet.missing(A + ":1-3,\n" + B + ":5", A + ":1-3"))
                .hasValue("the GTIDs " + B + ":5 it had retrieved are not in its gtid_executed");
    }

    @Test
    void a_set_held_in_pieces_written_differently_is_held() {
        assertThat(MySqlGtidSet.missing(A.toUpperCase() + ":1-5:6-9", A + ":1-3,\n" + A + ":4-12"))
                .isEmpty();
        assertThat(MySqlGtidSet.missing("", A + ":1")).isEmpty();
    }

    @Test
    void tagged_gtids_are_a_source_of_their_own() {
        assertThat(MySqlGtidSet.missing(A + ":1-3:drctl:1-2", A + ":1-3"))
                .hasValue("the GTIDs " + A + ":drctl:1-2 it had retrieved are not in its gtid_executed");
        assertThat(MySqlGtidSet.missing(A + ":drctl:1-2", A + ":1-3:drctl:1-5")).isEmpty();
    }
}
