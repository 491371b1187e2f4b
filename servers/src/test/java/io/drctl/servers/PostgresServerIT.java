package io.drctl.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PostgreSQL servers started side by side, as two demos or two tests on one machine do. */
class PostgresServerIT {
    private static final Map<String, String> LOOPBACK = Map.of("listen_addresses", "127.0.0.1");

    @TempDir
    Path dir;

    @Test
    void a_port_another_server_took_after_it_was_chosen_is_left_to_it_and_a_free_one_is_used() throws Exception {
        try (PostgresServer first = PostgresServer.start("first", dir.resolve("first"), LOOPBACK)) {
            // Chosen while free, taken since: what a second demo at the same moment sees.
            try (PostgresServer second =
                    PostgresServer.start("second", dir.resolve("second"), first.port(), LOOPBACK)) {
                assertThat(second.port()).isNotEqualTo(first.port());
                assertThat(second.superuser().value("SELECT setting FROM pg_settings WHERE name = 'data_directory'"))
                        .isEqualTo(dir.resolve("second").toRealPath().toString());
            }
            assertThat(first.superuser().value("SELECT 1")).isEqualTo("1"); // untouched
        }
    }
}
