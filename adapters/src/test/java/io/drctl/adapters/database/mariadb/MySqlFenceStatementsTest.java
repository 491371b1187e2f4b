package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the fence sends, engine by engine, recorded from a connection that only listens (there is
 * no MySQL server on these machines; MariaDB's path runs against the real server elsewhere):
 * MySQL persists super_read_only, which survives a restart and stops every account; MariaDB can
 * only set read_only for the running server, and says so.
 */
class MySqlFenceStatementsTest {
    private final List<String> sent = new ArrayList<>();

    private Connection listening() {
        Statement statement = (Statement) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Statement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> {
                        sent.add((String) args[0]);
                        yield false;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement" -> statement;
                    case "getNetworkTimeout" -> 10_000;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void mysql_persists_super_read_only_so_the_fence_survives_a_restart_and_stops_every_account() throws Exception {
        MariaDbDialect mysql = new MariaDbDialect(true);

        mysql.stopWrites(listening());

        assertThat(sent).containsExactly("SET SESSION lock_wait_timeout = 10", "SET PERSIST super_read_only = ON");
        assertThat(mysql.fenceSurvivesRestart()).startsWith("yes: SET PERSIST");
        assertThat(mysql.fenceChanges()).first().isEqualTo("SET PERSIST super_read_only = ON");
    }

    @Test
    void mariadb_sets_read_only_for_the_running_server_and_says_it_does_not_survive_a_restart() throws Exception {
        MariaDbDialect mariadb = new MariaDbDialect(false);

        mariadb.stopWrites(listening());

        assertThat(sent).containsExactly("SET SESSION lock_wait_timeout = 10", "SET GLOBAL read_only = ON");
        assertThat(mariadb.fenceSurvivesRestart()).startsWith("no: MariaDB cannot persist read_only");
    }
}
