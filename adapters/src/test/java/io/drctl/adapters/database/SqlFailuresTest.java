package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {
    private final Member gasan = DatabaseSpec.find(
                    DatabasePlans.load(DatabasePlans.text(
                            "postgresql",
                            "jdbc:postgresql://pg.pangyo:5432/chat",
                            "jdbc:postgresql://pg.gasan:5433/chat",
                            "drctl",
                            "- { id: c, type: db.check, with: { database: chat, member: gasan } }")),
                    "chat")
            .orElseThrow()
            .member("gasan")
            .orElseThrow();

    private static SQLException withCause(String state, Throwable cause) {
        return new SQLException("The connection attempt failed.", state, cause);
    }

    @Test
    void a_refused_connection_is_an_unreachable_member() {
        StepException e = SqlFailures.onConnect(
                gasan, withCause("08001", new ConnectException("Connection refused")), Duration.ofSeconds(3));

        assertThat(e)
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage("database chat, member gasan (pg.gasan:5433) does not answer: connection refused");
        assertThat(((TargetUnreachableException) e).target()).isEqualTo("chat@gasan");
    }

    @Test
    void a_timeout_and_an_unknown_host_are_unreachable_too() {
        assertThat(SqlFailures.onConnect(
                        gasan,
                        withCause("08001", new SocketTimeoutException("connect timed out")),
                        Duration.ofSeconds(3)))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageEndingWith("does not answer: no answer within 3s");
        assertThat(SqlFailures.onConnect(
                        gasan, withCause("08001", new UnknownHostException("pg.gasan")), Duration.ofSeconds(3)))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageEndingWith("does not answer: cannot resolve the host name pg.gasan");
    }

    @Test
    void a_refused_login_is_a_failure_not_an_unreachable_member() {
        StepException e = SqlFailures.onConnect(
                gasan,
                new SQLInvalidAuthorizationSpecException("Access denied for user 'drctl'", "28000"),
                Duration.ofSeconds(3));

        assertThat(e)
                .isInstanceOf(StepFailedException.class)
                .hasMessage(
                        "database chat, member gasan (pg.gasan:5433) refused the login of its user: Access denied for user 'drctl'");
    }

    @Test
    void a_connection_lost_mid_statement_is_unreachable_and_an_sql_error_is_a_failure() {
        assertThat(SqlFailures.during(
                        gasan,
                        "promoting",
                        withCause("08006", new SocketTimeoutException("Read timed out")),
                        Duration.ofSeconds(10)))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage(
                        "database chat, member gasan (pg.gasan:5433) stopped answering while promoting: no answer within 10s");
        assertThat(SqlFailures.during(
                        gasan,
                        "fencing",
                        new SQLException("permission denied to set parameter", "42501"),
                        Duration.ofSeconds(10)))
                .isInstanceOf(StepFailedException.class)
                .hasMessage(
                        "database chat, member gasan (pg.gasan:5433): fencing failed: permission denied to set parameter (SQLSTATE 42501)");
    }
}
