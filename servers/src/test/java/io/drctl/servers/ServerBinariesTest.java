package io.drctl.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing server program fails the tests that need it, naming the package; it never skips them. */
class ServerBinariesTest {

    @Test
    void a_missing_server_binary_fails_with_a_message_naming_the_debian_package() {
        assertThatThrownBy(() -> ServerBinaries.require(
                        "drctl-no-such-server", "drctl-imaginary-server", Map.of("PATH", "/nonexistent")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessage(
                        "drctl-no-such-server is not installed: these tests need the Debian package drctl-imaginary-server "
                                + "(./test installs it; by hand: apt-get install drctl-imaginary-server)");
    }

    @Test
    void with_ci_set_a_missing_binary_still_fails_and_says_nothing_is_skipped() {
        assertThatThrownBy(() -> ServerBinaries.require(
                        "drctl-no-such-server", "drctl-imaginary-server", Map.of("PATH", "/nonexistent", "CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageEndingWith(". CI=true: server tests are never skipped");
    }

    @Test
    void an_installed_program_is_found_on_the_path_or_in_the_system_directories() {
        assertThat(ServerBinaries.require("sh", "dash", Map.of("PATH", "/nonexistent")))
                .isExecutable();
    }
}
