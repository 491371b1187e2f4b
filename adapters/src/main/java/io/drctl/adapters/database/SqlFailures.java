package io.drctl.adapters.database;

import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns what a JDBC driver threw into what the engine understands: a member that does not
 * answer (refused, timed out, unknown host, connection lost) is unreachable; anything else
 * (wrong password, missing privilege, bad SQL) is a failure of the step. Messages name the
 * database and the member, in one line.
 */
public final class SqlFailures {
    private SqlFailures() {}

    /** A failure while opening a session with {@code member}. */
    public static StepException onConnect(Member member, SQLException e, Duration connectTimeout) {
        if (isConnectionProblem(e)) {
            return new TargetUnreachableException(
                    member.label(), member.describe() + " does not answer: " + networkReason(e, connectTimeout), e);
        }
        if (e instanceof SQLInvalidAuthorizationSpecException || state(e).startsWith("28")) {
            return new StepFailedException(
                    member.describe() + " refused the login of its user: " + NetworkFailures.firstLine(e), e);
        }
        return new StepFailedException(
                member.describe() + ": cannot connect: " + NetworkFailures.firstLine(e) + sqlState(e), e);
    }

    /** A failure while {@code doing} something (e.g. "promoting") in a session with {@code member}. */
    public static StepException during(Member member, String doing, SQLException e, Duration socketTimeout) {
        if (isConnectionProblem(e)) {
            return new TargetUnreachableException(
                    member.label(),
                    member.describe() + " stopped answering while " + doing + ": " + networkReason(e, socketTimeout),
                    e);
        }
        return new StepFailedException(
                member.describe() + ": " + doing + " failed: " + NetworkFailures.firstLine(e) + sqlState(e), e);
    }

    /** Whether the session (or the attempt to open one) failed because the member did not answer. */
    public static boolean isConnectionProblem(SQLException e) {
        if (e instanceof SQLInvalidAuthorizationSpecException || state(e).startsWith("28")) {
            return false;
        }
        if (e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException
                || e instanceof SQLTimeoutException
                || state(e).startsWith("08")) {
            return true;
        }
        // Below the driver: the network's own verdict (refused, timed out, reset), as for every adapter.
        return e.getCause() != null && NetworkFailures.isNoAnswer(e.getCause());
    }

    /** Why the member did not answer, in the words every adapter uses ({@link NetworkFailures}). */
    static String networkReason(SQLException e, Duration timeout) {
        NetworkFailures.Verdict v = NetworkFailures.of(e, timeout);
        if (v.noAnswer()) {
            return v.reason();
        }
        // A driver that says so only in words (SQLSTATE 08 without a cause to go by).
        String text = NetworkFailures.firstLine(e);
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("timed out") || lower.contains("timeout")
                ? "no answer within " + DurationText.canonical(timeout) + " (" + text + ")"
                : text;
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
    }
}
