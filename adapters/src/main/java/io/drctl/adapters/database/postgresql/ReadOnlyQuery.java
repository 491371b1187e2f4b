package io.drctl.adapters.database.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** Runs a plan's probe query in a read-only transaction, so a probe can never change data. */
final class ReadOnlyQuery {
    private ReadOnlyQuery() {}

    static Optional<String> firstValue(Connection c, String query) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION READ ONLY");
            try (ResultSet rs = s.executeQuery(query)) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }
}
