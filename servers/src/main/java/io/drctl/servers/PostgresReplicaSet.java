package io.drctl.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A PostgreSQL primary and a streaming standby on free loopback ports, as two sites would run
 * them. The embedded binaries have no pg_basebackup, so the standby is made by an online copy:
 * a replication slot, pg_backup_start, a file copy, pg_backup_stop's label as backup_label,
 * standby.signal and primary_conninfo. Takes about two seconds.
 */
public final class PostgresReplicaSet implements AutoCloseable {
    private static final String SLOT = "standby_slot";
    /** Files of a running primary that a copy must not take along. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

    private static final Map<String, String> SETTINGS = Map.of(
            "listen_addresses", "127.0.0.1", // loopback only, whatever the binaries' default
            "wal_level", "replica",
            "synchronous_commit", "on", // as in production: an acknowledged commit is on disk (embedded default: off)
            "max_wal_senders", "5",
            "max_replication_slots", "5",
            "hot_standby", "on",
            "wal_receiver_status_interval", "1s",
            "password_encryption", "scram-sha-256");

    private final Path root;
    private final PostgresServer primary;
    private final PostgresServer standby;

    private PostgresReplicaSet(Path root, PostgresServer primary, PostgresServer standby) {
        this.root = root;
        this.primary = primary;
        this.standby = standby;
    }

    /** A pair in a temporary directory, on free ports; {@link #close()} removes it. */
    public static PostgresReplicaSet start() {
        Path root;
        try {
            root = Files.createTempDirectory("drctl-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(root, "primary", LoopbackPorts.free(), "standby", LoopbackPorts.free());
    }

    /**
     * A pair whose data directories are {@code root/<name>}, on the ports given (the demo's sites);
     * {@link #close()} removes {@code root}.
     */
    public static PostgresReplicaSet start(
            Path root, String primaryName, int primaryPort, String standbyName, int standbyPort) {
        PostgresServer primary = null;
        try {
            primary = PostgresServer.start(primaryName, root.resolve(primaryName), primaryPort, SETTINGS);
            prepare(primary);
            Path standbyData = root.resolve(standbyName);
            copyOnline(primary, standbyData, standbyName);
            PostgresServer standby = PostgresServer.start(standbyName, standbyData, standbyPort, SETTINGS);
            PostgresReplicaSet set = new PostgresReplicaSet(root, primary, standby);
            set.awaitStreaming();
            return set;
        } catch (RuntimeException | InterruptedException e) {
            if (primary != null) {
                primary.stop();
            }
            TemporaryDirectories.delete(root);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not set up a PostgreSQL primary and standby: " + e.getMessage(), e);
        }
    }

    /**
     * A primary of a cluster of its own, set up like {@link #primary()} (same accounts): what a
     * plan that pairs two unrelated clusters by mistake points at. The caller stops it.
     */
    public static PostgresServer startUnrelatedPrimary(Path dataDirectory) {
        PostgresServer server = PostgresServer.start("unrelated", dataDirectory, SETTINGS);
        prepare(server);
        return server;
    }

    public PostgresServer primary() {
        return primary;
    }

    public PostgresServer standby() {
        return standby;
    }

    /** Waits until the standby streams from the primary and has replayed all it wrote so far. */
    public void awaitStreaming() throws InterruptedException {
        primary.superuser()
                .await(
                        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
                        "1"::equals,
                        Duration.ofSeconds(30));
        awaitCaughtUp();
    }

    /** Waits until the standby has replayed everything the primary has written. */
    public void awaitCaughtUp() throws InterruptedException {
        String target = primary.superuser().value("SELECT pg_current_wal_lsn()::text");
        standby.superuser()
                .await(
                        "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '" + target + "') >= 0",
                        "t"::equals,
                        Duration.ofSeconds(30));
    }

    /**
     * Cuts the standby's WAL receiver off, as a network cut or a broken primary_conninfo would:
     * primary_conninfo points at a closed loopback port (it is reloadable), and this waits until
     * the primary no longer has a streaming standby. There is no way back: a pair cut off is for one test.
     */
    public void cutReceiver() throws InterruptedException {
        int closed = LoopbackPorts.free();
        standby.superuser()
                .exec(
                        "ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=" + closed
                                + " user=postgres application_name=standby connect_timeout=1'",
                        "SELECT pg_reload_conf()");
        primary.superuser().await("SELECT count(*) FROM pg_stat_replication", "0"::equals, Duration.ofSeconds(30));
    }

    private static String conninfo(int primaryPort, String standbyName) {
        return "host=127.0.0.1 port=" + primaryPort + " user=postgres application_name=" + standbyName;
    }

    @Override
    public void close() {
        try {
            standby.stop();
        } finally {
            primary.stop();
            TemporaryDirectories.delete(root);
        }
    }

    /** The account drctl uses, logging in with a password; postgres itself stays trusted for the tests. */
    private static void prepare(PostgresServer primary) {
        primary.superuser()
                .exec(
                        "CREATE ROLE " + PostgresServer.DRCTL_USER + " LOGIN SUPERUSER PASSWORD '"
                                + PostgresServer.DRCTL_PASSWORD + "'",
                        "CREATE TABLE IF NOT EXISTS drctl_test_data (id bigserial PRIMARY KEY, payload text)",
                        "INSERT INTO drctl_test_data (payload) VALUES ('before the standby existed')");
        Path hba = primary.dataDirectory().resolve("pg_hba.conf");
        try {
            Files.writeString(hba, """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    host replication postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        primary.superuser().exec("SELECT pg_reload_conf()");
    }

    /** The online copy described in the class comment. */
    private static void copyOnline(PostgresServer primary, Path target, String standbyName) {
        try (Connection c = primary.superuser().connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
            s.execute("SELECT pg_backup_start('drctl-test-standby', true)");
            copyTree(primary.dataDirectory(), target);
            String label;
            try (ResultSet rs = s.executeQuery("SELECT labelfile FROM pg_backup_stop(true)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(target.resolve("backup_label"), label, StandardCharsets.UTF_8);
            Files.writeString(target.resolve("standby.signal"), "");
            Files.writeString(
                    target.resolve("postgresql.auto.conf"),
                    "primary_conninfo = '" + conninfo(primary.port(), standbyName) + "'\nprimary_slot_name = '" + SLOT
                            + "'\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        } catch (SQLException e) {
            throw new IllegalStateException("online copy of " + primary + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a live data directory: WAL segments and replication slots stay behind, their directories do not. */
    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(dir);
                if (relative.getNameCount() > 1
                        && relative.getName(0).toString().equals("pg_replslot")) {
                    return FileVisitResult.SKIP_SUBTREE; // the primary's slots are not the standby's
                }
                Files.createDirectories(target.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(file);
                String top = relative.getName(0).toString();
                if (NOT_COPIED.contains(relative.toString())
                        || top.equals("pg_wal")
                        || top.equals("pg_replslot")
                        || !attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(relative.toString()));
                } catch (NoSuchFileException gone) {
                    // a temporary file the server removed while we copied: the backup does not need it
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // removed while walking
            }
        });
    }
}
