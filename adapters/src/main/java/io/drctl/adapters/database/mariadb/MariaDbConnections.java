package io.drctl.adapters.database.mariadb;

import io.drctl.adapters.database.ConnectionRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.mariadb.jdbc.Driver;

/** Sessions through MariaDB Connector/J (for MariaDB and MySQL alike), with every wait bounded. */
final class MariaDbConnections {
    static {
        // Without SLF4J, Connector/J prints its own warnings (every server error) to stderr, past
        // drctl's output; drctl reports each failure itself from the exception. Set before the
        // driver class loads; an explicit setting wins.
        if (System.getProperty("mariadb.logging.disable") == null) {
            System.setProperty("mariadb.logging.disable", "true");
        }
    }

    private static final Driver DRIVER = new Driver();

    private MariaDbConnections() {}

    static Connection connect(ConnectionRequest request) throws SQLException {
        String url = request.url();
        if (url.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length())) {
            // Connector/J takes jdbc:mysql: only when told to, so it does not shadow MySQL's own driver.
            url = "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
        }
        return DRIVER.connect(url, properties(request));
    }

    static Properties properties(ConnectionRequest request) {
        Properties p = new Properties();
        p.setProperty("user", request.user());
        request.password().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", String.valueOf(ConnectionRequest.millis(request.connectTimeout())));
        p.setProperty("socketTimeout", String.valueOf(ConnectionRequest.millis(request.socketTimeout())));
        p.setProperty("tcpKeepAlive", "true");
        ConnectionRequest.Tls tls = request.tls();
        p.setProperty(
                "sslMode",
                switch (tls.mode()) {
                    case "require" -> "trust";
                    case "verify-ca", "verify-full" -> tls.mode();
                    default -> "disable";
                });
        tls.caFile().ifPresent(file -> p.setProperty("serverSslCert", file));
        return p;
    }
}
