package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.MariaDbReplicaSet;
import io.drctl.adapters.database.testing.MariaDbServer;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.spi.TargetUnreachableException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.LoopbackPorts;
import io.drctl.servers.TemporaryDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guards and checks against one real MariaDB primary and replica shared by the class; nothing here promotes or fences. */
class MariaDbGuardsIT {
    private static final String STEPS = """
            - id: promote-db
              type: db.promote
              with: { database: chat, member: gasan, maxLag: { bytes: 1024 } }
            - id: gasan-replica
              type: db.check
              with: { database: chat, member: gasan, expect: standby, query: "SELECT count(*) FROM chat.messages", equals: "1" }
            - id: pangyo-writable
              type: db.check
              with: { database: chat, member: pangyo, expect: writable }
            """;

    private static MariaDbReplicaSet pair;
    private final DbPromoteStepType promote = new DbPromoteStepType();
    private final DbCheckStepType dbCheck = new DbCheckStepType();

    @BeforeAll
    static void startPair() {
        pair = MariaDbReplicaSet.start();
    }

    @AfterAll
    static void stopPair() {
        pair.close();
    }

    @AfterEach
    void pairIsAsItWas() throws Exception {
        pair.replica().root().exec("START SLAVE");
        pair.awaitCaughtUp();
        assertThat(pair.replica().root().value("SELECT @@global.read_only")).isEqualTo("1");
        assertThat(pair.primary().root().value("SELECT @@global.read_only")).isEqualTo("0");
    }

    private static FakeStepContext.Builder step(String id, String gasanUrl) {
        return step(id, pair.primary().url(), gasanUrl);
    }

    private static FakeStepContext.Builder step(String id, String pangyoUrl, String gasanUrl) {
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "mariadb", pangyoUrl, gasanUrl, MariaDbReplicaSet.DRCTL_USER, STEPS)),
                        id)
                .env(DatabasePlans.PASSWORD_VARIABLE, MariaDbReplicaSet.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30));
    }

    private static FakeStepContext.Builder step(String id) {
        return step(id, pair.replica().url());
    }

    @Test
    void promotion_is_refused_while_the_old_primary_accepts_writes() {
        Phases.Outcome outcome = Phases.run(promote, step("promote-db").build());

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith(
                        "split brain: pangyo (127.0.0.1:" + pair.primary().port()
                                + ") answers and accepts writes: primary, read_only = OFF, and no db.fence step fenced it in this run.");
    }

    @Test
    void the_lag_guard_stops_a_promotion_while_the_replica_has_not_applied_what_it_received() throws Exception {
        pair.replica().root().exec("STOP SLAVE SQL_THREAD");
        for (int i = 0; i < 20; i++) {
            pair.app(pair.primary()).exec("INSERT INTO chat.messages (body) VALUES (REPEAT(UUID(), 5))");
        }
        String target = pair.primary().root().value("SHOW MASTER STATUS");
        pair.replica().root().await("SELECT 1", v -> true, Duration.ofSeconds(1));
        FakeStepContext ctx =
                step("promote-db").param("acceptSplitBrainRisk", true).build();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(target).isNotNull();
        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith("chat@gasan is further behind than the plan allows: ")
                .contains("behind, over 1.0 KiB (maxLag)");
        assertThat(ctx.outputs())
                .containsEntry("sqlThread", "No")
                .containsEntry("lagMeasuredFrom", "primary and standby")
                .hasEntrySatisfying("lagBytes", b -> assertThat((Long) b).isGreaterThan(1024L));
        assertThat(pair.replica().root().value("SELECT @@global.read_only")).isEqualTo("1");
    }

    @Test
    void a_replica_whose_io_thread_stopped_has_an_unknown_lag_when_the_primary_does_not_answer() throws Exception {
        pair.replica().root().exec("STOP SLAVE IO_THREAD");
        pair.primary()
                .root()
                .exec(
                        "CREATE DATABASE IF NOT EXISTS scratch", // chat.messages keeps its one row for the other tests
                        "CREATE TABLE IF NOT EXISTS scratch.after_the_cut (body VARCHAR(40))",
                        "INSERT INTO scratch.after_the_cut VALUES ('written after the cut')");
        String deadPrimary = "jdbc:mariadb://127.0.0.1:" + LoopbackPorts.free() + "/";
        FakeStepContext ctx = step("promote-db", deadPrimary, pair.replica().url())
                .param("acceptSplitBrainRisk", true)
                .build();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith(
                        "chat@gasan cannot be shown to be within the plan's lag limit: "
                                + "the lag is unknown: the IO thread of the replica is not running (No) and the primary does not answer; ")
                .contains("any write the primary took after it received ");
        assertThat(ctx.outputs())
                .containsEntry("lag", "unknown")
                .containsEntry("ioThread", "No")
                .doesNotContainKeys("lagBytes", "lagMs")
                .hasEntrySatisfying(
                        "dataLossWindow", w -> assertThat((String) w).startsWith("unknown: "));
    }

    @Test
    void a_replica_that_receives_is_measured_without_the_primary() throws Exception {
        String deadPrimary = "jdbc:mariadb://127.0.0.1:" + LoopbackPorts.free() + "/";
        FakeStepContext ctx = step("promote-db", deadPrimary, pair.replica().url())
                .param("acceptSplitBrainRisk", true)
                .build();

        io.drctl.engine.spi.CheckResult check = promote.bind(ctx.definition()).check(ctx);

        assertThat(check).as(check.summary()).isInstanceOf(io.drctl.engine.spi.CheckResult.WillChange.class);
        assertThat(ctx.outputs())
                .containsEntry("lagBytes", 0L)
                .containsEntry("lagMeasuredFrom", "standby")
                .doesNotContainKey("lag");
    }

    @Test
    void a_relay_log_the_sql_thread_could_not_apply_blocks_the_promotion_instead_of_being_thrown_away()
            throws Exception {
        pair.primary()
                .root()
                .exec(
                        "CREATE DATABASE IF NOT EXISTS scratch",
                        "CREATE TABLE IF NOT EXISTS scratch.conflict (id INT PRIMARY KEY)");
        pair.awaitCaughtUp();
        // A row only the replica has: the primary's row with the same key stops the SQL thread (duplicate key, 1062).
        pair.replica().root().exec("SET SESSION sql_log_bin = 0", "INSERT INTO scratch.conflict VALUES (1)");
        try {
            pair.primary().root().exec("INSERT INTO scratch.conflict VALUES (1)");
            waitForSqlThreadToStopWithAnError();
            FakeStepContext ctx = step("promote-db")
                    .param("acceptSplitBrainRisk", true)
                    .param("acceptDataLoss", true)
                    .build();

            Phases.Outcome outcome = Phases.run(promote, ctx);

            assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
            assertThat(outcome.check().summary())
                    .startsWith("chat@gasan cannot be promoted yet: its SQL thread stopped with error 1062: ")
                    .contains("promoting now would throw that away (RESET REPLICA ALL)");
        } finally {
            pair.replica().root().exec("SET SESSION sql_log_bin = 0", "DELETE FROM scratch.conflict");
        }
    }

    private static void waitForSqlThreadToStopWithAnError() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try (var c = pair.replica().root().connect();
                    var s = c.createStatement();
                    var rs = s.executeQuery("SHOW SLAVE STATUS")) {
                if (rs.next() && "No".equals(rs.getString("Slave_SQL_Running")) && rs.getInt("Last_SQL_Errno") != 0) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the replica's SQL thread did not stop with an error");
    }

    @Test
    void a_replica_of_another_primary_is_not_promoted_over_this_one() throws Exception {
        Path directory = Files.createTempDirectory("drctl-mdb-unrelated-");
        MariaDbServer unrelated = MariaDbReplicaSet.startUnrelatedPrimary(directory);
        try {
            unrelated.root().exec("SET GLOBAL read_only = ON"); // fenced, so only the pairing is wrong
            FakeStepContext ctx =
                    step("promote-db", unrelated.url(), pair.replica().url()).build();

            Phases.Outcome outcome = Phases.run(promote, ctx);

            assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
            assertThat(outcome.check().summary())
                    .contains("chat@gasan is not a replica of pangyo")
                    .contains("replicates from server_id 1")
                    .contains("pangyo's is server_id 3");
            assertThat(pair.replica().root().value("SELECT @@global.read_only")).isEqualTo("1");
        } finally {
            unrelated.stop();
            TemporaryDirectories.delete(directory);
        }
    }

    @Test
    void the_replica_of_the_fenced_primary_is_recognised_as_its_replica() throws Exception {
        pair.primary().root().exec("SET GLOBAL read_only = ON");
        try {
            FakeStepContext ctx = step("promote-db").build();

            promote.bind(ctx.definition()).check(ctx); // check only: the pair is shared by the other tests

            assertThat(ctx.outputs())
                    .containsEntry("clusterIdentity", "replica of server_id 1, received gtid domains 0")
                    .containsEntry("identityOfPangyo", "same cluster (it says)");
        } finally {
            pair.primary().root().exec("SET GLOBAL read_only = OFF");
        }
    }

    @Test
    void db_check_sees_a_replica_and_a_writable_primary() {
        FakeStepContext replica = step("gasan-replica").build();
        FakeStepContext primary = step("pangyo-writable").build();

        Phases.Outcome replicaCheck = Phases.run(dbCheck, replica);
        Phases.Outcome primaryCheck = Phases.run(dbCheck, primary);

        assertThat(replicaCheck.succeeded()).as(replicaCheck.toString()).isTrue();
        assertThat(replica.outputs()).containsEntry("role", "standby").containsEntry("writable", false);
        assertThat(primaryCheck.succeeded()).as(primaryCheck.toString()).isTrue();
        assertThat(primary.outputs()).containsEntry("role", "primary").containsEntry("writable", true);
    }

    @Test
    void an_unreachable_replica_is_reported_naming_database_and_member() {
        int deadPort = LoopbackPorts.free();
        FakeStepContext ctx =
                step("promote-db", "jdbc:mariadb://127.0.0.1:" + deadPort + "/").build();

        assertThatThrownBy(() -> promote.bind(ctx.definition()).check(ctx))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage(
                        "database chat, member gasan (127.0.0.1:" + deadPort + ") does not answer: connection refused");
    }
}
