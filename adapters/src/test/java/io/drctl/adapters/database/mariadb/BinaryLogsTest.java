package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryLogsTest {
    private static final Map<String, Long> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("bin.000001", 1000L);
        SIZES.put("bin.000002", 2000L);
        SIZES.put("bin.000003", 500L);
    }

    private final BinaryLogs logs = new BinaryLogs(SIZES, new BinlogPosition("bin.000003", 500));

    @Test
    void bytes_in_the_same_file_are_the_difference_of_offsets() {
        assertThat(logs.bytesSince(new BinlogPosition("bin.000003", 120))).hasValue(380);
    }

    @Test
    void bytes_across_files_add_up_the_files_in_between() {
        assertThat(logs.bytesSince(new BinlogPosition("bin.000001", 900))).hasValue(100 + 2000 + 500);
    }

    @Test
    void a_file_the_primary_no_longer_lists_cannot_be_measured() {
        assertThat(logs.bytesSince(new BinlogPosition("bin.000000", 4))).isEmpty();
    }
}
