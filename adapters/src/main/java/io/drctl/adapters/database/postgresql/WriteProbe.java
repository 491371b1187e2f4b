package io.drctl.adapters.database.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Tries a write the way an application would, in a transaction that is always rolled back:
 * creating a temporary table is refused in a read-only transaction (SQLSTATE 25006) and on a
 * standby, and leaves nothing behind when allowed.
 */
final class WriteProbe {
    private WriteProbe() {}

    /** Empty when the write went through (then rolled back); the refusal when the server said no. */
    static Optional<SQLException> refusal(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE drctl_write_probe (x int) ON COMMIT DROP");
            return Optional.empty();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("25")) {
                return Optional.of(e); // 25006 read-only transaction; other 25xxx: invalid transaction state
            }
            throw e;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }
}
