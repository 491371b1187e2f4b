package io.drctl.adapters.database.postgresql;

import io.drctl.adapters.database.ConnectionRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/** Sessions through the PostgreSQL JDBC driver, with every wait bounded. */
final class PostgresConnections {
    private static final Driver DRIVER = new Driver();

    private PostgresConnections() {}

    static Connection connect(ConnectionRequest request) throws SQLException {
        return DRIVER.connect(request.url(), properties(request));
    }

    static Properties properties(ConnectionRequest request) {
        Properties p = new Properties();
        p.setProperty("user", request.user());
        request.password().ifPresent(pw -> p.setProperty("password", pw));
        int connect = ConnectionRequest.seconds(request.connectTimeout());
        p.setProperty("connectTimeout", String.valueOf(connect));
        // loginTimeout bounds the whole login (TCP, TLS, authentication), not just the TCP connect.
        p.setProperty("loginTimeout", String.valueOf(connect));
        p.setProperty("socketTimeout", String.valueOf(ConnectionRequest.seconds(request.socketTimeout())));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "drctl");
        ConnectionRequest.Tls tls = request.tls();
        p.setProperty("sslmode", tls.mode());
        if (tls.enabled()) {
            if (tls.caFile().isPresent()) {
                p.setProperty("sslrootcert", tls.caFile().get());
            } else if (tls.mode().startsWith("verify-")) {
                // No CA file named: trust what the JVM trusts, not ~/.postgresql/root.crt.
                p.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            }
        }
        return p;
    }
}
