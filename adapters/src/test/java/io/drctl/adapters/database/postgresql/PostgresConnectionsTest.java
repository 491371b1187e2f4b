package io.drctl.adapters.database.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.ConnectionRequest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresConnectionsTest {
    @Test
    void timeouts_reach_the_driver_in_whole_seconds_rounded_up_and_bound_the_whole_login() {
        ConnectionRequest request = new ConnectionRequest(
                "jdbc:postgresql://a/b",
                "drctl",
                Optional.of("pw"),
                ConnectionRequest.Tls.DISABLED,
                Duration.ofMillis(2500),
                Duration.ofSeconds(10));

        assertThat(PostgresConnections.properties(request))
                .containsEntry("connectTimeout", "3")
                .containsEntry("loginTimeout", "3")
                .containsEntry("socketTimeout", "10")
                .containsEntry("sslmode", "disable")
                .containsEntry("password", "pw")
                .containsEntry("ApplicationName", "drctl");
    }

    @Test
    void verifying_tls_without_a_ca_file_trusts_what_the_jvm_trusts() {
        ConnectionRequest verify = new ConnectionRequest(
                "jdbc:postgresql://a/b",
                "drctl",
                Optional.empty(),
                new ConnectionRequest.Tls("verify-full", Optional.empty()),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10));
        ConnectionRequest withCa = new ConnectionRequest(
                "jdbc:postgresql://a/b",
                "drctl",
                Optional.empty(),
                new ConnectionRequest.Tls("verify-ca", Optional.of("/etc/drctl/ca.pem")),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10));

        assertThat(PostgresConnections.properties(verify))
                .containsEntry("sslmode", "verify-full")
                .containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory")
                .doesNotContainKey("password");
        assertThat(PostgresConnections.properties(withCa))
                .containsEntry("sslrootcert", "/etc/drctl/ca.pem")
                .doesNotContainKey("sslfactory");
    }
}
