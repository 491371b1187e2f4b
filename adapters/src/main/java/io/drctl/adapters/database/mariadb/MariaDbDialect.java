package io.drctl.adapters.database.mariadb;

import io.drctl.adapters.database.ConnectionRequest;
import io.drctl.adapters.database.DatabaseSpec;
import io.drctl.adapters.database.Dialect;
import io.drctl.adapters.database.FenceProof;
import io.drctl.adapters.database.Lag;
import io.drctl.adapters.database.MemberStatus;
import io.drctl.adapters.database.SessionSweep;
import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.StepFailedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * MariaDB and MySQL. A replica is a member with a replica status; the fence is
 * {@code read_only = ON} (MySQL: {@code super_read_only}, persisted) and the other client
 * connections killed; promotion waits for the relay log to be applied, stops and forgets the
 * replication, and turns read_only off.
 *
 * <p>On MariaDB before 11.0, accounts with SUPER or READ_ONLY ADMIN — which drctl's own account
 * needs to set read_only — can still write while read_only is on; the proof says so. MySQL's
 * super_read_only stops every account.
 */
public final class MariaDbDialect implements Dialect {
    private static final int UNKNOWN_THREAD = 1094;
    /** Connections that are replication or the server's own: a fence leaves them alone. */
    private static final String CLIENT_SESSIONS = "SELECT ID, USER FROM information_schema.PROCESSLIST "
            + "WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon', 'Killed') "
            + "AND USER NOT IN ('system user', 'event_scheduler', 'unauthenticated user')";

    private final boolean mysql;

    public MariaDbDialect(boolean mysql) {
        this.mysql = mysql;
    }

    @Override
    public Connection connect(ConnectionRequest request) throws SQLException {
        return MariaDbConnections.connect(request);
    }

    @Override
    public MemberStatus status(Connection c) throws SQLException {
        boolean readOnly = flag(c, "read_only");
        boolean fenced = mysql ? flag(c, "super_read_only") : readOnly;
        Optional<ReplicaStatus> replica = ReplicaStatus.read(c);
        String switchText = "read_only = " + (readOnly ? "ON" : "OFF")
                + (mysql ? ", super_read_only = " + (fenced ? "ON" : "OFF") : "");
        if (replica.isPresent()) {
            return new MemberStatus(
                    MemberStatus.Role.STANDBY,
                    !readOnly,
                    readOnly || fenced,
                    "replica (IO thread " + replica.get().ioState() + ", SQL thread "
                            + replica.get().sqlState() + "), " + switchText);
        }
        return new MemberStatus(MemberStatus.Role.PRIMARY, !readOnly, readOnly || fenced, "primary, " + switchText);
    }

    /**
     * Which primary's history a member carries (see {@link ReplicationIdentity}): a replica's
     * replication source as last connected (and on MariaDB the GTID domains it received), a
     * primary's own server_id (and gtid_domain_id, or MySQL's server_uuid). Empty for a replica
     * that never connected: then the pairing is unverified rather than wrong.
     */
    @Override
    public Optional<String> clusterIdentity(Connection c) throws SQLException {
        return ReplicationIdentity.read(c, mysql).map(ReplicationIdentity::text);
    }

    @Override
    public Optional<String> notAReplicaOf(String own, String other, String theirs) {
        return ReplicationIdentity.parse(own).notAReplicaOf(other, ReplicationIdentity.parse(theirs));
    }

    /** The GTIDs the replica received: MariaDB's Gtid_IO_Pos, MySQL's Retrieved_Gtid_Set (empty without GTIDs). */
    @Override
    public Optional<String> receivedHistory(Connection standby) throws SQLException {
        return ReplicaStatus.read(standby)
                .map(ReplicaStatus::gtidReceived)
                .map(String::strip)
                .filter(g -> !g.isBlank());
    }

    @Override
    public Optional<String> historyLost(String before, Connection primary) throws SQLException {
        return mysql
                ? MySqlGtidSet.missing(before, gtidWritten(primary))
                : GtidPositions.missing(before, gtidWritten(primary));
    }

    @Override
    public Optional<String> queryValue(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("START TRANSACTION READ ONLY");
            try (ResultSet rs = s.executeQuery(query)) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            } finally {
                s.execute("ROLLBACK");
            }
        }
    }

    @Override
    public List<String> fenceChanges() {
        return List.of(
                mysql ? "SET PERSIST super_read_only = ON" : "SET GLOBAL read_only = ON",
                "kill the other client connections (replication stays)",
                "prove it: a new session must see " + (mysql ? "super_read_only" : "read_only") + " = ON");
    }

    @Override
    public String fenceSurvivesRestart() {
        return mysql
                ? "yes: SET PERSIST writes super_read_only to mysqld-auto.cnf"
                : "no: MariaDB cannot persist read_only; a restarted member comes back with its configured value "
                        + "(set read_only=ON in its configuration to make the fence outlive a restart)";
    }

    @Override
    public void stopWrites(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Setting read_only waits for running commits; lock_wait_timeout bounds that wait.
            s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, c.getNetworkTimeout() / 1000));
            s.execute(mysql ? "SET PERSIST super_read_only = ON" : "SET GLOBAL read_only = ON");
        }
    }

    @Override
    public boolean writesStoppedFor(Connection fresh) throws SQLException {
        return flag(fresh, fenceSwitch());
    }

    @Override
    public SessionSweep endClientSessions(Connection c) throws SQLException {
        List<ClientSession> sessions = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(CLIENT_SESSIONS)) {
            while (rs.next()) {
                sessions.add(new ClientSession(rs.getLong(1), rs.getString(2)));
            }
        }
        int ended = 0;
        List<String> notEnded = new ArrayList<>();
        for (ClientSession session : sessions) {
            try (Statement s = c.createStatement()) {
                s.execute("KILL CONNECTION " + session.id());
                ended++;
            } catch (SQLException e) {
                if (e.getErrorCode() == UNKNOWN_THREAD) {
                    continue; // it ended by itself meanwhile
                }
                if (!c.isValid(2)) {
                    throw e;
                }
                notEnded.add(
                        "connection " + session.id() + " (" + session.user() + "): " + NetworkFailures.firstLine(e));
            }
        }
        return new SessionSweep(ended, notEnded);
    }

    private record ClientSession(long id, String user) {}

    @Override
    public FenceProof proveFenced(Connection fresh, DatabaseSpec.Application application, boolean connectionsRejected)
            throws SQLException {
        if (!flag(fresh, fenceSwitch())) {
            return new FenceProof.NotYet(fenceSwitch() + " is OFF for new sessions");
        }
        return new FenceProof.Proven(
                mysql
                        ? "super_read_only = ON for new sessions: no account can write"
                        : "read_only = ON for new sessions: writes are refused (ERROR 1290), except from accounts with SUPER "
                                + "or READ_ONLY ADMIN, which MariaDB before 11.0 exempts");
    }

    @Override
    public Lag lag(Connection standby, Optional<Connection> primary) throws SQLException {
        ReplicaStatus replica = ReplicaStatus.read(standby)
                .orElseThrow(() -> new SQLException("the member has no replica status: it replicates from nobody"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ioThread", replica.ioState());
        details.put("sqlThread", replica.sqlState());
        details.put("receivedPosition", replica.received().toString());
        details.put("appliedPosition", replica.applied().toString());
        if (!replica.gtidReceived().isBlank()) {
            details.put("gtidReceived", replica.gtidReceived());
        }
        String gtidApplied = gtidApplied(standby);
        details.put("gtidApplied", gtidApplied);
        replica.secondsBehind().ifPresent(s -> details.put("secondsBehindPrimary", s));

        OptionalLong bytes = OptionalLong.empty();
        boolean primaryAnswered = false;
        if (primary.isPresent()) {
            Optional<BinaryLogs> logs = BinaryLogs.read(primary.get(), mysql);
            primaryAnswered = true;
            String primaryGtid = gtidWritten(primary.get());
            details.put("primaryGtid", primaryGtid);
            logs.ifPresent(l -> details.put("primaryPosition", l.current().toString()));
            if (!mysql && !primaryGtid.isBlank() && primaryGtid.equals(gtidApplied)) {
                // Every transaction applied; binary log positions may still differ by events that are not data.
                bytes = OptionalLong.of(0);
            } else if (logs.isPresent()) {
                bytes = logs.get().bytesSince(replica.applied());
            }
        } else if (!replica.ioRunning() || replica.secondsBehind().isEmpty()) {
            return Lag.unknown(unknownWithoutThePrimary(standby, replica, details), replica.sqlRunning(), details);
        } else if (replica.received().file().equals(replica.applied().file())) {
            bytes = OptionalLong.of(
                    Math.max(0, replica.received().offset() - replica.applied().offset()));
        }
        Optional<Duration> time;
        if (bytes.isPresent() && bytes.getAsLong() == 0) {
            time = Optional.of(Duration.ZERO);
        } else {
            OptionalLong seconds = replica.secondsBehind();
            time = seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty();
        }
        return new Lag(bytes, time, primaryAnswered, replica.sqlRunning(), details);
    }

    /**
     * Why, with the primary silent, what the replica lacks cannot be bounded: its IO thread does
     * not receive (what it has received is all it knows of), or Seconds_Behind_Master is NULL.
     * Says when it last heard from the primary, when the server keeps that.
     */
    private String unknownWithoutThePrimary(Connection standby, ReplicaStatus replica, Map<String, Object> details)
            throws SQLException {
        Optional<String> heartbeat = mysql ? Optional.empty() : lastHeartbeat(standby);
        heartbeat.ifPresent(h -> details.put("lastHeartbeatFromPrimaryAt", h));
        String why = replica.ioRunning()
                ? "Seconds_Behind_Master is NULL (SQL thread " + replica.sqlState() + ")"
                : "the IO thread of the replica is not running ("
                        + (replica.ioState().isBlank() ? "unknown" : replica.ioState())
                        + (replica.lastIoError().isBlank() ? "" : ", last error: " + replica.lastIoError()) + ")";
        return why + " and the primary does not answer; "
                + heartbeat
                        .map(h -> "its last heartbeat from the primary came at " + h + " (server time)")
                        .orElse("nothing on it tells when it last heard from the primary")
                + ": any write the primary took after it received " + replica.received() + " may be missing";
    }

    /** MariaDB's Slave_last_heartbeat, or empty when the replica never got one. */
    private static Optional<String> lastHeartbeat(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Slave_last_heartbeat'")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String v = rs.getString(2);
            return v == null || v.isBlank() || v.startsWith("0000") ? Optional.empty() : Optional.of(v);
        }
    }

    @Override
    public Optional<String> promotionBlocker(Connection standby) throws SQLException {
        Optional<ReplicaStatus> replica = ReplicaStatus.read(standby);
        if (replica.isEmpty()
                || replica.get().sqlRunning()
                || !replica.get().unappliedRelayLog()
                || replica.get().lastSqlError().isBlank()) {
            return Optional.empty();
        }
        ReplicaStatus r = replica.get();
        return Optional.of(
                "its SQL thread stopped with error " + r.lastSqlError() + ", and its relay log holds what it "
                        + "received up to " + r.received() + " but applied only up to " + r.applied()
                        + ": promoting now would "
                        + "throw that away (RESET REPLICA ALL). Fix the error and START REPLICA SQL_THREAD, then run the step again");
    }

    @Override
    public List<String> promotionChanges(MemberStatus status, Duration wait) {
        List<String> changes = new ArrayList<>();
        if (status.isStandby()) {
            changes.add("wait up to " + DurationText.canonical(wait) + " until the relay log is applied ("
                    + (mysql ? "SOURCE_POS_WAIT" : "MASTER_POS_WAIT") + ")");
            changes.add("STOP REPLICA; RESET REPLICA ALL");
        }
        if (status.readOnlySet()) {
            changes.add(mysql ? "SET PERSIST super_read_only = OFF, read_only = OFF" : "SET GLOBAL read_only = OFF");
        }
        return changes;
    }

    @Override
    public void promote(Connection standby, Duration wait, Consumer<String> progress)
            throws SQLException, StepFailedException {
        Optional<ReplicaStatus> replica = ReplicaStatus.read(standby);
        if (replica.isPresent()) {
            waitUntilApplied(standby, replica.get(), wait, progress);
            try (Statement s = standby.createStatement()) {
                progress.accept("STOP REPLICA; RESET REPLICA ALL");
                s.execute("STOP REPLICA");
                s.execute("RESET REPLICA ALL");
            }
        }
        if (flag(standby, "read_only") || (mysql && flag(standby, "super_read_only"))) {
            try (Statement s = standby.createStatement()) {
                if (mysql) {
                    progress.accept("SET PERSIST super_read_only = OFF, read_only = OFF");
                    s.execute("SET PERSIST super_read_only = OFF");
                    s.execute("SET PERSIST read_only = OFF");
                } else {
                    progress.accept("SET GLOBAL read_only = OFF");
                    s.execute("SET GLOBAL read_only = OFF");
                }
            }
        }
    }

    private void waitUntilApplied(Connection standby, ReplicaStatus replica, Duration wait, Consumer<String> progress)
            throws SQLException, StepFailedException {
        if (!replica.sqlRunning() && replica.unappliedRelayLog()) {
            if (!replica.lastSqlError().isBlank()) {
                throw new StepFailedException("the SQL thread stopped with error " + replica.lastSqlError()
                        + ": the relay log up to " + replica.received() + " is not applied; not promoting over it");
            }
            // Stopped by hand, not by an error: apply what was received rather than discard it.
            progress.accept("starting the SQL thread to apply the relay log (it was stopped, with no error)");
            try (Statement s = standby.createStatement()) {
                s.execute(mysql ? "START REPLICA SQL_THREAD" : "START SLAVE SQL_THREAD");
            }
        } else if (!replica.sqlRunning()) {
            return;
        }
        BinlogPosition target = replica.received();
        progress.accept("waiting until the relay log is applied up to " + target);
        String function = mysql ? "SOURCE_POS_WAIT" : "MASTER_POS_WAIT";
        try (PreparedStatement ps = standby.prepareStatement("SELECT " + function + "(?, ?, ?)")) {
            ps.setString(1, target.file());
            ps.setLong(2, target.offset());
            ps.setInt(3, ConnectionRequest.seconds(wait));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long result = rs.getLong(1);
                if (rs.wasNull()) {
                    progress.accept("the SQL thread stopped while waiting: what is in the relay log stays unapplied");
                } else if (result == -1) {
                    throw new StepFailedException("the replica did not apply its relay log up to " + target + " within "
                            + DurationText.canonical(wait));
                }
            }
        }
    }

    @Override
    public Map<String, Object> position(Connection primary) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gtidPosition", gtidWritten(primary));
        Optional<BinaryLogs> logs = BinaryLogs.read(primary, mysql);
        logs.ifPresent(l -> {
            out.put("binlogFile", l.current().file());
            out.put("binlogPosition", l.current().offset());
        });
        return out;
    }

    /** The switch a fence turns on: super_read_only on MySQL (it stops every account), read_only on MariaDB. */
    private String fenceSwitch() {
        return mysql ? "super_read_only" : "read_only";
    }

    private static boolean flag(Connection c, String variable) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@global." + variable)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The GTIDs this member has applied (as a replica). */
    private String gtidApplied(Connection c) throws SQLException {
        return single(c, mysql ? "SELECT @@global.gtid_executed" : "SELECT @@global.gtid_slave_pos");
    }

    /** The GTIDs this member has written to its binary log (all transactions it has, on MariaDB's current position). */
    private String gtidWritten(Connection c) throws SQLException {
        return single(c, mysql ? "SELECT @@global.gtid_executed" : "SELECT @@global.gtid_current_pos");
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }
}
