package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.MariaDbReplicaSet;
import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plans/examples/mariadb-failover.yaml as shipped, run against a real MariaDB primary (pangyo)
 * and GTID replica (gasan) on loopback ports: only the two hosts in its URLs are replaced, so
 * the example cannot drift from what drctl accepts and does.
 */
class MariaDbExamplePlanIT {
    private static final Path EXAMPLE = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .getParent()
            .resolve("plans/examples/mariadb-failover.yaml");

    @TempDir
    Path dir;

    private MariaDbReplicaSet pair;

    @BeforeEach
    void startPair() {
        pair = MariaDbReplicaSet.start();
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    private Path example() throws Exception {
        String text = Files.readString(EXAMPLE)
                .replace(
                        "jdbc:mariadb://db.pangyo.internal:3306/chat",
                        pair.primary().url())
                .replace(
                        "jdbc:mariadb://db.gasan.internal:3306/chat",
                        pair.replica().url());
        assertThat(text).doesNotContain(".internal");
        Path plan = dir.resolve("mariadb-failover.yaml");
        Files.writeString(plan, text);
        return plan;
    }

    private CliHarness drctl() {
        return new CliHarness(dir.resolve("state"))
                .env(DatabasePlans.PASSWORD_VARIABLE, MariaDbReplicaSet.DRCTL_PASSWORD);
    }

    @Test
    void with_pangyo_gone_the_example_promotes_gasan_only_through_its_approval_and_records_the_accepted_risk()
            throws Exception {
        pair.primary().stop();

        CliHarness.Result run = drctl().run("run", example().toString(), "--yes", "--reason", "pangyo burned");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(run.out())
                .contains("fence UNPROVEN")
                .contains("split-brain risk accepted by approval step go-ahead");
        assertThat(pair.replica().root().value("SELECT @@read_only")).isEqualTo("0");
    }

    @Test
    void the_example_fences_pangyo_and_promotes_gasan_which_then_takes_writes() throws Exception {
        pair.primary()
                .root()
                .exec(
                        "CREATE DATABASE IF NOT EXISTS example_check",
                        "CREATE TABLE IF NOT EXISTS example_check.rows (id INT PRIMARY KEY)",
                        "INSERT INTO example_check.rows VALUES (1)");
        pair.awaitCaughtUp();

        CliHarness.Result run = drctl().run("run", example().toString(), "--yes", "--reason", "example drill");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(pair.primary().root().value("SELECT @@read_only")).isEqualTo("1");
        assertThat(pair.replica().root().value("SELECT @@read_only")).isEqualTo("0");
        assertThat(pair.replica().root().value("SELECT count(*) FROM example_check.rows"))
                .isEqualTo("1");
    }
}
