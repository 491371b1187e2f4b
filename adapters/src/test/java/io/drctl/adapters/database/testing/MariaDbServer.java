package io.drctl.adapters.database.testing;

import io.drctl.servers.LoopbackPorts;
import io.drctl.servers.ServerBinaries;
import io.drctl.servers.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server (Debian's mariadb-server) on a free loopback port, in its own directory,
 * run as root with no configuration files read. root logs in from 127.0.0.1 without a password;
 * drctl's account is created by {@link MariaDbReplicaSet}.
 */
public final class MariaDbServer implements AutoCloseable {
    public static final String PACKAGE = "mariadb-server";

    private final String name;
    private final Path directory;
    private final int port;
    private Process process;

    private MariaDbServer(String name, Path directory, int port, Process process) {
        this.name = name;
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /** Initialises a data directory under {@code directory} and starts a server on it with {@code options}. */
    static MariaDbServer start(String name, Path directory, List<String> options) {
        Path server = ServerBinaries.require("mariadbd", PACKAGE);
        Path installer = ServerBinaries.require("mariadb-install-db", PACKAGE);
        Path data = directory.resolve("data");
        try {
            Files.createDirectories(directory);
            run(
                    List.of(
                            installer.toString(),
                            "--no-defaults",
                            "--user=root",
                            "--auth-root-authentication-method=normal",
                            "--skip-test-db",
                            "--datadir=" + data,
                            "--innodb-log-file-size=8M"),
                    directory.resolve("install.log"));
            int port = LoopbackPorts.free();
            List<String> command = new ArrayList<>(List.of(
                    server.toString(),
                    "--no-defaults",
                    "--user=root",
                    "--datadir=" + data,
                    "--port=" + port,
                    "--bind-address=127.0.0.1",
                    "--skip-name-resolve",
                    "--socket=" + directory.resolve("mysqld.sock"),
                    "--pid-file=" + directory.resolve("mysqld.pid"),
                    "--log-error=" + directory.resolve("error.log"),
                    "--innodb-log-file-size=8M",
                    "--log-bin=binlog",
                    "--binlog-format=ROW"));
            command.addAll(options);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("server.out").toFile())
                    .start();
            MariaDbServer started = new MariaDbServer(name, directory, port, process);
            started.awaitReady(Duration.ofSeconds(60));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start MariaDB " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public Sql root() {
        return new Sql(url(), "root", null);
    }

    public Sql as(String user, String password) {
        return new Sql(url(), user, password);
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the server by its PID (SIGTERM: a clean shutdown) and waits until it has exited. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "MariaDB " + name + " on 127.0.0.1:" + port;
    }

    private void awaitReady(Duration limit) {
        Instant end = Instant.now().plus(limit);
        String last = "";
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited at start: " + tail(directory.resolve("error.log")));
            }
            try {
                root().value("SELECT 1");
                return;
            } catch (IllegalStateException notYet) {
                last = notYet.getMessage();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException(
                this + " did not answer within " + limit + " (" + last + "): " + tail(directory.resolve("error.log")));
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
