package io.drctl.adapters.database.mariadb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of {@code SHOW REPLICA STATUS}, read by column name: MariaDB says Slave_/Master_,
 * MySQL 8.0.22+ says Replica_/Source_; each accessor accepts both.
 */
record ReplicaStatus(Map<String, String> columns) {

    /** The replica status of the member, or empty when it replicates from nobody. */
    static Optional<ReplicaStatus> read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, String> columns = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.put(meta.getColumnLabel(i), rs.getString(i));
            }
            return Optional.of(new ReplicaStatus(columns));
        }
    }

    boolean ioRunning() {
        return "Yes".equalsIgnoreCase(text("Slave_IO_Running", "Replica_IO_Running"));
    }

    String ioState() {
        return text("Slave_IO_Running", "Replica_IO_Running");
    }

    boolean sqlRunning() {
        return "Yes".equalsIgnoreCase(text("Slave_SQL_Running", "Replica_SQL_Running"));
    }

    String sqlState() {
        return text("Slave_SQL_Running", "Replica_SQL_Running");
    }

    /** Where the receiver is in the primary's binary log. */
    BinlogPosition received() {
        return new BinlogPosition(
                text("Master_Log_File", "Source_Log_File"),
                number("Read_Master_Log_Pos", "Read_Source_Log_Pos").orElse(0));
    }

    /** Where the applier is in the primary's binary log. */
    BinlogPosition applied() {
        return new BinlogPosition(
                text("Relay_Master_Log_File", "Relay_Source_Log_File"),
                number("Exec_Master_Log_Pos", "Exec_Source_Log_Pos").orElse(0));
    }

    /** The server_id of the primary it replicates from (0 before its first connection). */
    OptionalLong sourceServerId() {
        return number("Master_Server_Id", "Source_Server_Id");
    }

    /** MySQL: the server_uuid of the primary it replicates from (empty on MariaDB, which has none). */
    String sourceUuid() {
        return text("Master_UUID", "Source_UUID");
    }

    OptionalLong secondsBehind() {
        return number("Seconds_Behind_Master", "Seconds_Behind_Source");
    }

    /** GTIDs received from the primary (MariaDB: Gtid_IO_Pos; MySQL: Retrieved_Gtid_Set). */
    String gtidReceived() {
        return text("Gtid_IO_Pos", "Retrieved_Gtid_Set");
    }

    /** The SQL thread's last error, e.g. {@code 1050: Table 't' already exists}, or empty. */
    String lastSqlError() {
        String errno = text("Last_SQL_Errno", "Last_SQL_Errno");
        return errno.isBlank() || errno.equals("0") ? "" : errno + ": " + text("Last_SQL_Error", "Last_SQL_Error");
    }

    /** Whether the relay log holds events received but not applied. */
    boolean unappliedRelayLog() {
        return !received().equals(applied());
    }

    String lastIoError() {
        return text("Last_IO_Error", "Last_IO_Error");
    }

    private String text(String mariadb, String mysql) {
        String v = columns.get(mariadb);
        if (v == null) {
            v = columns.get(mysql);
        }
        return v == null ? "" : v;
    }

    private OptionalLong number(String mariadb, String mysql) {
        String v = text(mariadb, mysql);
        try {
            return v.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
