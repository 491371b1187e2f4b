package io.drctl.adapters.database.testing;

import io.drctl.servers.Sql;
import io.drctl.servers.TemporaryDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A MariaDB primary and a GTID replica on free loopback ports. drctl logs in as {@link #DRCTL_USER}
 * with exactly the privileges the db.* docs list; applications as {@link #APP_USER}, who may
 * only use database {@code chat}. Takes a few seconds.
 */
public final class MariaDbReplicaSet implements AutoCloseable {
    public static final String DRCTL_USER = "drctl";
    public static final String DRCTL_PASSWORD = "drctl-test-password";
    public static final String APP_USER = "app";
    public static final String APP_PASSWORD = "app-test-password";

    private final Path root;
    private final MariaDbServer primary;
    private final MariaDbServer replica;

    private MariaDbReplicaSet(Path root, MariaDbServer primary, MariaDbServer replica) {
        this.root = root;
        this.primary = primary;
        this.replica = replica;
    }

    public static MariaDbReplicaSet start() {
        Path root;
        try {
            root = Files.createTempDirectory("drctl-mdb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MariaDbServer primary = null;
        MariaDbServer replica = null;
        try {
            primary = MariaDbServer.start("primary", root.resolve("primary"), List.of("--server-id=1"));
            replica = MariaDbServer.start(
                    "replica",
                    root.resolve("replica"),
                    List.of("--server-id=2", "--read-only=ON", "--log-slave-updates"));
            primary.root()
                    .exec(
                            "CREATE USER repl@'%' IDENTIFIED BY 'repl-test-password'",
                            "GRANT REPLICATION SLAVE ON *.* TO repl@'%'",
                            "CREATE USER " + DRCTL_USER + "@'%' IDENTIFIED BY '" + DRCTL_PASSWORD + "'",
                            "GRANT READ_ONLY ADMIN, CONNECTION ADMIN, PROCESS, REPLICATION SLAVE ADMIN, SLAVE MONITOR, BINLOG MONITOR, RELOAD "
                                    + "ON *.* TO " + DRCTL_USER + "@'%'",
                            "CREATE USER " + APP_USER + "@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
                            "CREATE DATABASE chat",
                            "GRANT ALL ON chat.* TO " + APP_USER + "@'%'",
                            "GRANT SELECT ON chat.* TO " + DRCTL_USER + "@'%'", // for db.check queries
                            "CREATE TABLE chat.messages (id BIGINT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(200)) ENGINE=InnoDB",
                            "INSERT INTO chat.messages (body) VALUES ('before the replica')");
            replica.root()
                    .exec(
                            "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                                    + ", MASTER_USER='repl', MASTER_PASSWORD='repl-test-password', MASTER_USE_GTID=slave_pos",
                            "START SLAVE");
            MariaDbReplicaSet set = new MariaDbReplicaSet(root, primary, replica);
            set.awaitCaughtUp();
            return set;
        } catch (RuntimeException | InterruptedException e) {
            if (replica != null) {
                replica.stop();
            }
            if (primary != null) {
                primary.stop();
            }
            TemporaryDirectories.delete(root);
            throw new IllegalStateException("could not set up a MariaDB primary and replica: " + e.getMessage(), e);
        }
    }

    /**
     * A primary of a replication of its own (server_id 3, GTID domain 0), with the same accounts as
     * {@link #primary()}: what a plan that pairs two unrelated servers by mistake points at. The
     * caller stops it.
     */
    public static MariaDbServer startUnrelatedPrimary(Path directory) {
        return startUnrelatedPrimary(directory, 3, 0);
    }

    /**
     * An unrelated primary with the given {@code server_id} and {@code gtid_domain_id}: two
     * clusters set up apart both keep MariaDB's default server_id 1, and only their GTID domains
     * (when their operators gave each its own) tell them apart.
     */
    public static MariaDbServer startUnrelatedPrimary(Path directory, long serverId, long gtidDomainId) {
        MariaDbServer server = MariaDbServer.start(
                "unrelated", directory, List.of("--server-id=" + serverId, "--gtid-domain-id=" + gtidDomainId));
        server.root()
                .exec(
                        "CREATE USER " + DRCTL_USER + "@'%' IDENTIFIED BY '" + DRCTL_PASSWORD + "'",
                        "GRANT READ_ONLY ADMIN, CONNECTION ADMIN, PROCESS, REPLICATION SLAVE ADMIN, SLAVE MONITOR, BINLOG MONITOR, RELOAD "
                                + "ON *.* TO " + DRCTL_USER + "@'%'");
        return server;
    }

    public MariaDbServer primary() {
        return primary;
    }

    public MariaDbServer replica() {
        return replica;
    }

    public Sql app(MariaDbServer server) {
        return server.as(APP_USER, APP_PASSWORD);
    }

    /** Waits until the replica has applied every transaction the primary wrote. */
    public void awaitCaughtUp() throws InterruptedException {
        String target = primary.root().value("SELECT @@global.gtid_binlog_pos");
        replica.root().await("SELECT @@global.gtid_slave_pos", target::equals, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        try {
            replica.stop();
        } finally {
            primary.stop();
            TemporaryDirectories.delete(root);
        }
    }
}
