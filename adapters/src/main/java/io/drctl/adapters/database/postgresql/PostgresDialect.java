package io.drctl.adapters.database.postgresql;

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
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * PostgreSQL: the fence is {@code default_transaction_read_only} set with ALTER SYSTEM (it
 * survives a restart) and the other client sessions terminated; promotion is
 * {@code pg_promote}. A fence is soft — a session can still {@code SET} itself read-write —
 * which is why the proof is a write from a new, ordinary session failing with SQLSTATE 25006.
 */
public final class PostgresDialect implements Dialect {
    static final String READ_ONLY_TRANSACTION = "25006";

    @Override
    public Connection connect(ConnectionRequest request) throws SQLException {
        return PostgresConnections.connect(request);
    }

    @Override
    public MemberStatus status(Connection c) throws SQLException {
        boolean inRecovery;
        boolean readOnlySet;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on'")) {
            rs.next();
            inRecovery = rs.getBoolean(1);
            readOnlySet = rs.getBoolean(2);
        }
        if (inRecovery) {
            return new MemberStatus(MemberStatus.Role.STANDBY, false, readOnlySet, "standby (in recovery)");
        }
        Optional<SQLException> refusal = WriteProbe.refusal(c);
        return refusal.map(r -> new MemberStatus(
                        MemberStatus.Role.PRIMARY,
                        false,
                        readOnlySet,
                        "primary, refuses writes (SQLSTATE " + r.getSQLState() + ")"))
                .orElse(new MemberStatus(MemberStatus.Role.PRIMARY, true, readOnlySet, "primary, accepts writes"));
    }

    @Override
    public Optional<String> queryValue(Connection c, String query) throws SQLException {
        return ReadOnlyQuery.firstValue(c, query);
    }

    @Override
    public List<String> fenceChanges() {
        return List.of(
                "ALTER SYSTEM SET default_transaction_read_only = on; SELECT pg_reload_conf()",
                "terminate the other client sessions (replication connections stay)",
                "prove it: a write from a new session must fail with SQLSTATE 25006");
    }

    @Override
    public String fenceSurvivesRestart() {
        return "yes: ALTER SYSTEM writes it to postgresql.auto.conf";
    }

    @Override
    public void stopWrites(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET default_transaction_read_only = on");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    @Override
    public boolean writesStoppedFor(Connection fresh) throws SQLException {
        try (Statement s = fresh.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT current_setting('default_transaction_read_only') = 'on' OR pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Override
    public SessionSweep endClientSessions(Connection c) throws SQLException {
        List<ClientSession> sessions = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid, coalesce(usename, '?') FROM pg_stat_activity "
                        + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                sessions.add(new ClientSession(rs.getInt(1), rs.getString(2)));
            }
        }
        int ended = 0;
        List<String> notEnded = new ArrayList<>();
        for (ClientSession session : sessions) {
            // One at a time: a session drctl may not terminate (a superuser's) must not spare the others.
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, session.pid());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        ended++;
                    }
                }
            } catch (SQLException e) {
                if (!c.isValid(2)) {
                    throw e;
                }
                notEnded.add("pid " + session.pid() + " (" + session.user() + "): " + NetworkFailures.firstLine(e));
            }
        }
        return new SessionSweep(ended, notEnded);
    }

    private record ClientSession(int pid, String user) {}

    @Override
    public FenceProof proveFenced(Connection fresh, DatabaseSpec.Application application, boolean connectionsRejected)
            throws SQLException {
        boolean inRecovery;
        boolean readOnlySet;
        try (Statement s = fresh.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on'")) {
            rs.next();
            inRecovery = rs.getBoolean(1);
            readOnlySet = rs.getBoolean(2);
        }
        if (!readOnlySet) {
            return new FenceProof.NotYet(
                    inRecovery
                            ? "it is a standby, but default_transaction_read_only is off: promoted, it would accept writes"
                            : "new sessions do not have default_transaction_read_only on");
        }
        List<String> overrides =
                readOnlyOverrides(fresh, connectionsRejected ? application : DatabaseSpec.Application.NONE);
        if (!overrides.isEmpty()) {
            return new FenceProof.Unprovable("default_transaction_read_only is on, but " + String.join("; ", overrides)
                    + ": sessions of those roles or databases can still write");
        }
        Optional<FenceProof> asApplication = ApplicationAccess.writeAllowedAs(fresh, application.roles());
        if (asApplication.isPresent()) {
            return asApplication.get();
        }
        String shutOut = "";
        if (connectionsRejected) {
            List<String> waysIn = ApplicationAccess.waysIn(fresh, application);
            if (!waysIn.isEmpty()) {
                return new FenceProof.NotYet(String.join("; ", waysIn));
            }
            shutOut = "; the application cannot get in (" + describe(application) + ")";
        }
        Optional<SQLException> refusal = WriteProbe.refusal(fresh);
        if (refusal.isPresent() && READ_ONLY_TRANSACTION.equals(refusal.get().getSQLState())) {
            return new FenceProof.Proven(
                    "default_transaction_read_only = on, and a write from a new session failed with "
                            + "SQLSTATE 25006 (" + NetworkFailures.firstLine(refusal.get()) + ")"
                            + (application.roles().isEmpty()
                                    ? ""
                                    : ", also as role" + (application.roles().size() == 1 ? " " : "s ")
                                            + String.join(", ", application.roles()))
                            + shutOut);
        }
        return new FenceProof.NotYet("a write from a new session still succeeds");
    }

    private static String describe(DatabaseSpec.Application application) {
        List<String> parts = new ArrayList<>();
        if (!application.roles().isEmpty()) {
            parts.add("roles " + String.join(", ", application.roles()) + " cannot log in");
        }
        if (!application.databases().isEmpty()) {
            parts.add("databases " + String.join(", ", application.databases()) + " refuse connections");
        }
        return String.join(", ", parts);
    }

    @Override
    public boolean canRejectConnections() {
        return true;
    }

    @Override
    public void rejectConnections(Connection c, DatabaseSpec.Application application) throws SQLException {
        ApplicationAccess.reject(c, application);
    }

    @Override
    public void admitConnections(Connection c, DatabaseSpec.Application application) throws SQLException {
        ApplicationAccess.admit(c, application);
    }

    /**
     * Role- and database-level settings (ALTER ROLE/DATABASE ... SET) that turn the read-only
     * default off again for their sessions: the server-wide fence does not reach those. Those of
     * roles and databases in {@code shutOut} do not count: no session of them can start.
     */
    private static List<String> readOnlyOverrides(Connection c, DatabaseSpec.Application shutOut) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT r.rolname, d.datname, setting FROM pg_db_role_setting x "
                                + "LEFT JOIN pg_roles r ON r.oid = x.setrole LEFT JOIN pg_database d ON d.oid = x.setdatabase, "
                                + "unnest(x.setconfig) setting WHERE lower(split_part(setting, '=', 1)) = 'default_transaction_read_only' "
                                + "AND lower(split_part(setting, '=', 2)) NOT IN ('on', 'true', 'yes', '1', 't', 'y', 'tr', 'tru', 'ye')")) {
            while (rs.next()) {
                String role = rs.getString(1);
                String database = rs.getString(2);
                if ((role != null && shutOut.roles().contains(role))
                        || (database != null && shutOut.databases().contains(database))) {
                    continue;
                }
                String scope = role != null && database != null
                        ? "ALTER ROLE " + role + " IN DATABASE " + database
                        : role != null ? "ALTER ROLE " + role : "ALTER DATABASE " + database;
                out.add(scope + " SET " + rs.getString(3));
            }
        }
        return out;
    }

    @Override
    public Lag lag(Connection standby, Optional<Connection> primary) throws SQLException {
        String received;
        String replayed;
        Timestamp lastReplayed;
        boolean paused;
        Double ageMs;
        try (Statement s = standby.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text, "
                        + "pg_last_xact_replay_timestamp(), pg_is_wal_replay_paused(), "
                        + "extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000")) {
            rs.next();
            received = rs.getString(1);
            replayed = rs.getString(2);
            lastReplayed = rs.getTimestamp(3);
            paused = rs.getBoolean(4);
            double age = rs.getDouble(5);
            ageMs = rs.wasNull() ? null : age;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (received != null) {
            details.put("standbyReceivedLsn", received);
        }
        if (replayed != null) {
            details.put("standbyReplayedLsn", replayed);
        }
        if (lastReplayed != null) {
            details.put("lastReplayedTransactionAt", lastReplayed.toInstant().toString());
        }
        details.put("replayPaused", paused);

        if (primary.isEmpty()) {
            return lagFromTheStandbyAlone(standby, received, replayed, lastReplayed, paused, ageMs, details);
        }
        OptionalLong bytes = OptionalLong.empty();
        try (Statement s = primary.get().createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            String primaryLsn = rs.getString(1);
            details.put("primaryLsn", primaryLsn);
            if (replayed != null) {
                bytes = OptionalLong.of(Lsn.parse(primaryLsn).bytesAfter(Lsn.parse(replayed)));
            }
        }
        Optional<Duration> time;
        if (bytes.isPresent() && bytes.getAsLong() == 0) {
            time = Optional.of(Duration.ZERO);
        } else if (ageMs != null) {
            time = Optional.of(Duration.ofMillis(Math.max(0, Math.round(ageMs))));
        } else {
            time = Optional.empty();
        }
        return new Lag(bytes, time, true, !paused, details);
    }

    /**
     * Without the primary, what the standby received but did not replay is all it can count;
     * what never reached it is invisible. That count means something only while the WAL
     * receiver streams: then nothing is missing beyond what the primary wrote since its last
     * message, so the time since that message is the window. A receiver that is not streaming
     * makes the lag unknown, with the last moment the standby is known to have heard from the
     * primary.
     */
    private static Lag lagFromTheStandbyAlone(
            Connection standby,
            String received,
            String replayed,
            Timestamp lastReplayed,
            boolean paused,
            Double replayAgeMs,
            Map<String, Object> details)
            throws SQLException {
        String receiverStatus = null;
        Timestamp lastMessage = null;
        Double silenceMs = null;
        try (Statement s = standby.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT status, last_msg_receipt_time, "
                                + "extract(epoch FROM clock_timestamp() - last_msg_receipt_time) * 1000 FROM pg_stat_wal_receiver")) {
            if (rs.next()) {
                receiverStatus = rs.getString(1);
                lastMessage = rs.getTimestamp(2);
                double silence = rs.getDouble(3);
                silenceMs = rs.wasNull() ? null : silence;
            }
        }
        details.put("walReceiver", receiverStatus == null ? "not running" : receiverStatus);
        if (lastMessage != null) {
            details.put("lastHeardFromPrimaryAt", lastMessage.toInstant().toString());
        }
        if (!"streaming".equals(receiverStatus) || silenceMs == null) {
            String lastHeard;
            if (lastMessage != null) {
                lastHeard = "it last heard from the primary at " + lastMessage.toInstant() + " (" + ago(silenceMs)
                        + " ago)";
            } else if (lastReplayed != null) {
                lastHeard = "the newest transaction it has from the primary committed at " + lastReplayed.toInstant()
                        + " (" + ago(replayAgeMs) + " ago)";
            } else {
                lastHeard = "nothing on it tells when it last heard from the primary";
            }
            return Lag.unknown(
                    "the WAL receiver of the standby is not streaming ("
                            + (receiverStatus == null ? "not running" : receiverStatus)
                            + ") and the primary does not answer; "
                            + lastHeard + ": any write the primary took after that may be missing",
                    !paused,
                    details);
        }
        Duration silence = Duration.ofMillis(Math.max(0, Math.round(silenceMs)));
        details.put("silenceFromPrimaryMs", silence.toMillis());
        OptionalLong bytes = received != null && replayed != null
                ? OptionalLong.of(Lsn.parse(received).bytesAfter(Lsn.parse(replayed)))
                : OptionalLong.empty();
        Duration time = silence;
        if ((bytes.isEmpty() || bytes.getAsLong() > 0) && replayAgeMs != null) {
            time = Collections.max(List.of(silence, Duration.ofMillis(Math.max(0, Math.round(replayAgeMs)))));
        }
        return new Lag(bytes, Optional.of(time), false, !paused, details);
    }

    private static String ago(Double ms) {
        return ms == null ? "an unknown time" : DurationText.format(Duration.ofMillis(Math.max(0, Math.round(ms))));
    }

    @Override
    public List<String> promotionChanges(MemberStatus status, Duration wait) {
        List<String> changes = new ArrayList<>();
        if (status.isStandby()) {
            changes.add("SELECT pg_promote(true, " + ConnectionRequest.seconds(wait)
                    + "): end recovery, take over as primary on a new timeline");
        }
        if (status.readOnlySet()) {
            changes.add("ALTER SYSTEM RESET default_transaction_read_only (a fence left it on)");
        }
        return changes;
    }

    @Override
    public void promote(Connection standby, Duration wait, Consumer<String> progress)
            throws SQLException, StepFailedException {
        MemberStatus before = status(standby);
        if (before.isStandby()) {
            int seconds = ConnectionRequest.seconds(wait);
            progress.accept("pg_promote(true, " + seconds + ")");
            try (PreparedStatement ps = standby.prepareStatement("SELECT pg_promote(true, ?)")) {
                ps.setInt(1, seconds);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new StepFailedException("promotion did not finish within " + DurationText.canonical(wait)
                                + " (pg_promote returned false)");
                    }
                }
            }
        }
        if (before.readOnlySet()) {
            progress.accept("ALTER SYSTEM RESET default_transaction_read_only (a fence left it on)");
            try (Statement s = standby.createStatement()) {
                s.execute("ALTER SYSTEM RESET default_transaction_read_only");
                s.execute("SELECT pg_reload_conf()");
            }
        }
    }

    @Override
    public Optional<String> clusterIdentity(Connection c) throws SQLException {
        return ReadOnlyQuery.firstValue(c, "SELECT system_identifier::text FROM pg_control_system()");
    }

    /** The timeline of the last checkpoint replayed (standby) or written (primary): promotion starts a new one. */
    @Override
    public Optional<Long> timeline(Connection c) throws SQLException {
        return ReadOnlyQuery.firstValue(c, "SELECT timeline_id::text FROM pg_control_checkpoint()")
                .map(Long::parseLong);
    }

    @Override
    public Map<String, Object> position(Connection primary) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Statement s = primary.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT pg_current_wal_lsn()::text, pg_walfile_name(pg_current_wal_lsn())")) {
            rs.next();
            out.put("lsn", rs.getString(1));
            // A WAL file's name begins with the timeline it belongs to, in eight hexadecimal digits.
            out.put("timeline", Long.parseLong(rs.getString(2).substring(0, 8), 16));
        }
        return out;
    }
}
