package io.drctl.adapters.database.postgresql;

import io.drctl.adapters.database.DatabaseSpec.Application;
import io.drctl.adapters.database.FenceProof;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's way into a PostgreSQL member: its roles logging in, its databases taking
 * connections. The {@code rejectConnections} fence closes both (ALTER ROLE … NOLOGIN, ALTER
 * DATABASE … ALLOW_CONNECTIONS false), which no session setting can undo — but, being catalog
 * changes, they replicate to the standby, so a promotion must open them again there.
 */
final class ApplicationAccess {
    private ApplicationAccess() {}

    static void reject(Connection c, Application app) throws SQLException {
        try (Statement s = c.createStatement()) {
            readWrite(s);
            for (String role : app.roles()) {
                s.execute("ALTER ROLE " + quote(role) + " NOLOGIN");
            }
            for (String database : app.databases()) {
                s.execute("ALTER DATABASE " + quote(database) + " ALLOW_CONNECTIONS false");
            }
        }
    }

    static void admit(Connection c, Application app) throws SQLException {
        try (Statement s = c.createStatement()) {
            readWrite(s);
            for (String role : app.roles()) {
                s.execute("ALTER ROLE " + quote(role) + " LOGIN");
            }
            for (String database : app.databases()) {
                s.execute("ALTER DATABASE " + quote(database) + " ALLOW_CONNECTIONS true");
            }
        }
    }

    /** What still lets the application in after a rejectConnections fence: empty when nothing does. */
    static List<String> waysIn(Connection c, Application app) throws SQLException {
        List<String> ways = new ArrayList<>();
        for (String role : app.roles()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, role);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        ways.add("role " + role + " can still log in");
                    }
                }
            }
        }
        for (String database : app.databases()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT datallowconn FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        ways.add("database " + database + " still takes connections");
                    }
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                        + "AND pid <> pg_backend_pid() AND (usename = ANY(?) OR datname = ANY(?))")) {
            ps.setArray(1, c.createArrayOf("text", app.roles().toArray()));
            ps.setArray(2, c.createArrayOf("text", app.databases().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    ways.add(rs.getInt(1) + " session(s) of the application are still open");
                }
            }
        }
        return ways;
    }

    /**
     * Whether a write as each application role is refused, tried in {@code fresh} with SET ROLE:
     * empty when every one was refused with SQLSTATE 25006. Unprovable for a role that does not
     * exist (a mistyped appRoles proves nothing) or that drctl cannot act as; not yet when a write
     * went through.
     */
    static Optional<FenceProof> writeAllowedAs(Connection fresh, List<String> roles) throws SQLException {
        for (String role : roles) {
            try (PreparedStatement ps = fresh.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, role);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.of(new FenceProof.Unprovable("role " + role
                                + " does not exist: appRoles must name the roles the application logs in as"));
                    }
                }
            }
            try (Statement s = fresh.createStatement()) {
                s.execute("SET ROLE " + quote(role));
            } catch (SQLException e) {
                return Optional.of(new FenceProof.Unprovable("drctl cannot act as role " + role + " to test the fence ("
                        + e.getMessage().lines().findFirst().orElse("") + "): make drctl's account a member of it"));
            }
            try {
                Optional<SQLException> refusal = WriteProbe.refusal(fresh);
                if (refusal.isEmpty()
                        || !PostgresDialect.READ_ONLY_TRANSACTION.equals(
                                refusal.get().getSQLState())) {
                    return Optional.of(
                            new FenceProof.NotYet("a write as role " + role + " is not refused as read-only"));
                }
            } finally {
                try (Statement s = fresh.createStatement()) {
                    s.execute("RESET ROLE");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * drctl's own session writes the catalog even on a member whose read-only default is on
     * already (the fence's other half, done first or earlier, reaches this session at its next
     * configuration reload): for this session only.
     */
    private static void readWrite(Statement s) throws SQLException {
        s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
    }

    /** An identifier as PostgreSQL reads it exactly: double-quoted, inner quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
