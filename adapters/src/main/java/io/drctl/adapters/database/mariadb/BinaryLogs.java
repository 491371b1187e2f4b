package io.drctl.adapters.database.mariadb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A primary's binary log files and their sizes ({@code SHOW BINARY LOGS}) and where it writes
 * now, so that the bytes between two positions can be counted across file boundaries.
 */
record BinaryLogs(Map<String, Long> sizes, BinlogPosition current) {

    static Optional<BinaryLogs> read(Connection primary, boolean mysql) throws SQLException {
        BinlogPosition current;
        if (mysql) {
            // MySQL 8.2 renamed SHOW MASTER STATUS and 8.4 dropped the old name; 8.0 knows only the old one.
            try {
                current = currentPosition(primary, "SHOW BINARY LOG STATUS");
            } catch (SQLSyntaxErrorException olderMysql) {
                current = currentPosition(primary, "SHOW MASTER STATUS");
            }
        } else {
            current = currentPosition(primary, "SHOW MASTER STATUS");
        }
        if (current == null) {
            return Optional.empty(); // binary logging is off: it cannot be a replication source
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Statement s = primary.createStatement();
                ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return Optional.of(new BinaryLogs(sizes, current));
    }

    private static BinlogPosition currentPosition(Connection primary, String query) throws SQLException {
        try (Statement s = primary.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? new BinlogPosition(rs.getString("File"), rs.getLong("Position")) : null;
        }
    }

    /** Bytes from {@code from} to the current position, or empty when {@code from}'s file is no longer listed. */
    OptionalLong bytesSince(BinlogPosition from) {
        if (from.file().equals(current.file())) {
            return OptionalLong.of(Math.max(0, current.offset() - from.offset()));
        }
        if (!sizes.containsKey(from.file())) {
            return OptionalLong.empty();
        }
        long total = 0;
        boolean counting = false;
        for (Map.Entry<String, Long> file : sizes.entrySet()) {
            if (file.getKey().equals(from.file())) {
                counting = true;
                total += Math.max(0, file.getValue() - from.offset());
            } else if (file.getKey().equals(current.file())) {
                return counting ? OptionalLong.of(total + current.offset()) : OptionalLong.empty();
            } else if (counting) {
                total += file.getValue();
            }
        }
        return OptionalLong.empty();
    }
}
