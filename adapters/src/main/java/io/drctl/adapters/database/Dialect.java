package io.drctl.adapters.database;

import io.drctl.engine.spi.StepFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one engine's SQL looks like for each thing the db.* steps do. The steps own the flow
 * (what to check, when to poll, which guard stops what); a dialect only observes and acts on a
 * session it is given. Sessions passed as {@code fresh} are new ones, so they see what any new
 * client would see.
 */
public interface Dialect {

    /** Opens a session, bounded by the request's timeouts. */
    Connection connect(ConnectionRequest request) throws SQLException;

    /** Role, whether it accepts writes, and why not. Read-only. */
    MemberStatus status(Connection c) throws SQLException;

    /** Runs {@code query} read-only and returns the first column of the first row as text (empty: no row or NULL). */
    Optional<String> queryValue(Connection c, String query) throws SQLException;

    // Fencing

    /** What fencing will do, one line each, for check. */
    List<String> fenceChanges();

    /** Makes new sessions unable to write (persisted where the engine can). */
    void stopWrites(Connection c) throws SQLException;

    /** Whether the fence survives a restart of the member, in words for the step's outputs. */
    String fenceSurvivesRestart();

    /** Whether a new session already sees writes stopped (a configuration reload may take a moment). */
    boolean writesStoppedFor(Connection fresh) throws SQLException;

    /** Ends the other client sessions (not replication), so that none keeps writing. */
    SessionSweep endClientSessions(Connection c) throws SQLException;

    /**
     * Proof, from a new session, that the member no longer accepts writes — also as each of the
     * application's roles, and, when {@code connectionsRejected} (method rejectConnections), that
     * the application cannot get in at all.
     */
    FenceProof proveFenced(Connection fresh, DatabaseSpec.Application application, boolean connectionsRejected)
            throws SQLException;

    /** Whether this engine can shut the application out (fence method rejectConnections). */
    default boolean canRejectConnections() {
        return false;
    }

    /** Stops the application's roles logging in and its databases taking connections (rejectConnections). */
    default void rejectConnections(Connection c, DatabaseSpec.Application application) throws SQLException {
        throw new SQLFeatureNotSupportedException("fence method rejectConnections");
    }

    /** Lets the application in again: on a new primary, which a rejectConnections fence reached through replication. */
    default void admitConnections(Connection c, DatabaseSpec.Application application) throws SQLException {
        throw new SQLFeatureNotSupportedException("fence method rejectConnections");
    }

    // Promotion

    /** How far {@code standby} is behind, from its side and, when it answers, from the primary's. */
    Lag lag(Connection standby, Optional<Connection> primary) throws SQLException;

    /**
     * Why promoting this standby now would throw away what it holds (e.g. a relay log received
     * but not applied because the applier stopped with an error), or empty. Read-only.
     */
    default Optional<String> promotionBlocker(Connection standby) throws SQLException {
        return Optional.empty();
    }

    /** What promotion will do to a member in {@code status}, waiting up to {@code wait}, one line each, for check. */
    List<String> promotionChanges(MemberStatus status, Duration wait);

    /**
     * Promotes the standby and lets it accept writes, waiting up to {@code wait} for it to apply
     * what it received and take over; reports what it did through {@code progress}.
     */
    void promote(Connection standby, Duration wait, Consumer<String> progress) throws SQLException, StepFailedException;

    /**
     * What identifies the cluster a member belongs to, the same on a primary and its replicas
     * (PostgreSQL: system_identifier); empty where the engine has no such thing.
     */
    default Optional<String> clusterIdentity(Connection c) throws SQLException {
        return Optional.empty();
    }

    /**
     * What a standby holds before its promotion that the new primary must still hold after it
     * (MariaDB: the GTIDs it received); empty where the engine proves this otherwise (PostgreSQL:
     * the timeline) or cannot.
     */
    default Optional<String> receivedHistory(Connection standby) throws SQLException {
        return Optional.empty();
    }

    /** What the new primary lacks of {@code before} (a GTID received but not applied), or empty when it continues it. */
    default Optional<String> historyLost(String before, Connection primary) throws SQLException {
        return Optional.empty();
    }

    /**
     * Why a standby with identity {@code own} does not carry the history of member {@code other},
     * whose identity is {@code theirs} (read from it, or recorded by its fence), completing
     * "{standby} is not a replica of {other}: "; empty when it does. PostgreSQL: the two system
     * identifiers must be equal.
     */
    default Optional<String> notAReplicaOf(String own, String other, String theirs) {
        return own.equals(theirs)
                ? Optional.empty()
                : Optional.of("its system identifier is " + own + ", " + other + "'s is " + theirs);
    }

    /**
     * The history a member is on, comparable before and after a promotion, which must move it
     * forward (PostgreSQL: the timeline); empty where the engine has no such number.
     */
    default Optional<Long> timeline(Connection c) throws SQLException {
        return Optional.empty();
    }

    /** Where the (new) primary's history stands: LSN and timeline, or GTID position; for outputs. */
    Map<String, Object> position(Connection primary) throws SQLException;
}
