package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.ConnectionRequest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MariaDbConnectionsTest {
    @Test
    void timeouts_reach_connector_j_in_milliseconds_and_tls_in_its_words() {
        ConnectionRequest request = new ConnectionRequest(
                "jdbc:mysql://a/",
                "drctl",
                Optional.empty(),
                new ConnectionRequest.Tls("require", Optional.empty()),
                Duration.ofMillis(2500),
                Duration.ofSeconds(10));
        ConnectionRequest verify = new ConnectionRequest(
                "jdbc:mariadb://a/",
                "drctl",
                Optional.of("pw"),
                new ConnectionRequest.Tls("verify-full", Optional.of("/etc/drctl/ca.pem")),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10));

        assertThat(MariaDbConnections.properties(request))
                .containsEntry("connectTimeout", "2500")
                .containsEntry("socketTimeout", "10000")
                .containsEntry("sslMode", "trust")
                .doesNotContainKey("password");
        assertThat(MariaDbConnections.properties(verify))
                .containsEntry("sslMode", "verify-full")
                .containsEntry("serverSslCert", "/etc/drctl/ca.pem")
                .containsEntry("password", "pw");
    }
}
