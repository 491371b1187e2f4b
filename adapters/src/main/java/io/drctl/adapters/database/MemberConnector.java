package io.drctl.adapters.database;

import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Opens sessions with the members of a database, each bounded by the database's
 * {@code connectTimeout} (connect and login) and {@code socketTimeout} (every answer after), so
 * a dead member costs seconds. Secret references in the member's settings are resolved here,
 * at the last moment, and masked in everything drctl prints from then on.
 */
public final class MemberConnector {
    /** JDBC's network timeout takes an executor for aborting; the drivers here only set a socket timeout. */
    private static final Executor DIRECT = Runnable::run;

    private final Function<Map<String, Object>, Params> paramsOf;

    public MemberConnector(StepContext ctx) {
        this(ctx::paramsOf);
    }

    /** Outside a step (drctl preflight): {@code paramsOf} resolves the member's secret references. */
    public MemberConnector(Function<Map<String, Object>, Params> paramsOf) {
        this.paramsOf = paramsOf;
    }

    /** A new session with {@code member}; the caller closes it. */
    public Connection open(Member member) throws StepException {
        DatabaseSpec db = member.database();
        ConnectionRequest request = request(member);
        try {
            Connection c = db.engine().dialect().connect(request);
            if (c == null) {
                throw new StepFailedException(
                        member.describe() + ": the " + db.engine().text() + " driver does not accept the member's URL");
            }
            return c;
        } catch (SQLException e) {
            throw SqlFailures.onConnect(member, e, db.connectTimeout());
        }
    }

    /** Lets answers on {@code c} take up to {@code timeout} (e.g. a promotion that waits), instead of socketTimeout. */
    public static void allowAnswersWithin(Connection c, Duration timeout) throws SQLException {
        c.setNetworkTimeout(DIRECT, ConnectionRequest.millis(timeout));
    }

    private ConnectionRequest request(Member member) throws StepFailedException {
        Params settings = paramsOf.apply(member.settings());
        ConnectionRequest.Tls tls = settings.object("tls")
                .map(t -> new ConnectionRequest.Tls(
                        String.valueOf(t.raw().getOrDefault("mode", "disable")),
                        Optional.ofNullable(t.raw().get("caFile")).map(String::valueOf)))
                .orElse(ConnectionRequest.Tls.DISABLED);
        DatabaseSpec db = member.database();
        return new ConnectionRequest(
                settings.string("url"),
                settings.string("user"),
                settings.optionalString("password"),
                tls,
                db.connectTimeout(),
                db.socketTimeout());
    }
}
