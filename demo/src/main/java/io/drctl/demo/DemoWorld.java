package io.drctl.demo;

import io.drctl.sandbox.Fault;
import io.drctl.sandbox.Sandbox;
import io.drctl.servers.PortClaim;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import io.drctl.servers.TemporaryDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code drctl demo} fails over: two sites, {@code pangyo} (active) and {@code gasan}
 * (standby), each a sandbox Kubernetes site seeded with the chat application, a real PostgreSQL
 * primary at pangyo streaming to a standby at gasan, the chat application's writes to that
 * primary, and the demo plan pointed at all of it. DNS is a real BIND where it is installed, else
 * the sandbox's ExternalDNS resource in gasan ({@link DemoDns}). {@link #lose(String)} is the fire.
 */
public final class DemoWorld implements AutoCloseable {
    public static final String ACTIVE = "pangyo";
    public static final String STANDBY = "gasan";
    /** The ports the example plan names; the demo takes others (and rewrites its copy) when they are taken. */
    static final int ACTIVE_DB_PORT = 15432;

    static final int STANDBY_DB_PORT = 15433;
    static final String PLAN = "demo-failover.yaml";
    static final String APPLICATION = "two-site-app.yaml";

    private final Path directory;
    private Sandbox sandbox;
    private PostgresReplicaSet databases;
    /** Held while the databases run: a second demo started meanwhile takes other ports. */
    private PortClaim activePort;

    private PortClaim standbyPort;
    private ChatTraffic traffic;
    private DemoDns dns;
    private Path plan;
    private volatile String lost;
    /** Set once closing has begun: a start still in progress stops before its next server. */
    private volatile boolean closing;

    private final Thread stopAtExit = new Thread(this::closeAtExit, "drctl-demo-stop");

    private DemoWorld(Path directory) {
        this.directory = directory;
    }

    /**
     * Starts the world in {@code directory} (which it owns until {@link #close()}: a second demo
     * on the same directory is refused by the sandbox's lock before anything is touched).
     */
    public static DemoWorld start(Path directory, Duration controllerDelay, boolean bind) {
        DemoWorld world = new DemoWorld(directory);
        // PostgreSQL outlives the JVM (pg_ctl starts it on its own): Ctrl-C or SIGTERM at any
        // moment, even while starting, must still stop it.
        Runtime.getRuntime().addShutdownHook(world.stopAtExit);
        // Held while starting: a Ctrl-C meanwhile waits for the servers that are starting, then stops them.
        synchronized (world) {
            try {
                world.startSites(controllerDelay);
                world.checkNotClosing();
                world.startDatabases();
                world.checkNotClosing();
                world.dns = DemoDns.start(bind);
                world.checkNotClosing();
                world.plan = world.writePlan();
                world.traffic = ChatTraffic.start(world.databases.primary());
                return world;
            } catch (RuntimeException e) {
                world.close();
                throw e;
            }
        }
    }

    private void checkNotClosing() {
        if (closing) {
            throw new IllegalStateException("the demo was stopped while it started");
        }
    }

    private void startSites(Duration controllerDelay) {
        Path application = extract(APPLICATION, directory.resolve(APPLICATION));
        sandbox = Sandbox.start(new Sandbox.Options(
                        List.of(ACTIVE, STANDBY),
                        controllerDelay,
                        Duration.ZERO,
                        Optional.of(application),
                        directory.resolve("sandbox"))
                .nodesPerSite(3));
    }

    private void startDatabases() {
        Path root = directory.resolve("postgres");
        TemporaryDirectories.delete(root); // a demo killed before it could clean up
        activePort = PortClaim.preferring(ACTIVE_DB_PORT);
        standbyPort = PortClaim.preferring(STANDBY_DB_PORT);
        databases = PostgresReplicaSet.start(root, ACTIVE, activePort.port(), STANDBY, standbyPort.port());
    }

    /** The demo plan, with this demo's database ports where the example names its own, and its DNS. */
    private Path writePlan() {
        Path target = directory.resolve(PLAN);
        String text = dns.rewrite(resource(PLAN))
                .replace(
                        "127.0.0.1:" + ACTIVE_DB_PORT + "/",
                        "127.0.0.1:" + databases.primary().port() + "/")
                .replace(
                        "127.0.0.1:" + STANDBY_DB_PORT + "/",
                        "127.0.0.1:" + databases.standby().port() + "/");
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo plan to " + target, e);
        }
        return target;
    }

    public Path kubeconfig() {
        return sandbox.kubeconfig();
    }

    public Path plan() {
        return plan;
    }

    /** One line: which DNS the plan switches (BIND, or ExternalDNS records and why). */
    public String dnsDescription() {
        return dns.description();
    }

    /** Variables the plan needs besides the database password (BIND's TSIG secret). */
    public Map<String, String> planEnvironment() {
        return dns.environment();
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public PostgresServer activeDatabase() {
        return databases.primary();
    }

    public PostgresServer standbyDatabase() {
        return databases.standby();
    }

    /** The password of the account the plan's databases use (an environment variable in the plan). */
    public String databasePassword() {
        return PostgresServer.DRCTL_PASSWORD;
    }

    /**
     * The fire: pangyo stops answering. {@code dead}: its API server's port is closed and its
     * database is stopped at once (immediate shutdown, as at a power loss). {@code half-dead}:
     * the API server answers {@code /version} and discovery and hangs on the rest, and the
     * database's processes are frozen, so connections are accepted and never answered.
     */
    public synchronized void lose(String how) {
        Objects.requireNonNull(how, "how");
        if (lost != null) {
            return;
        }
        switch (how) {
            case "dead" -> {
                sandbox.site(ACTIVE).fault(Fault.parse("dead"));
                databases.primary().stop();
            }
            case "half-dead" -> {
                sandbox.site(ACTIVE).fault(Fault.parse("half-dead"));
                databases.primary().freeze();
            }
            default ->
                throw new IllegalArgumentException("'" + how + "' is not a way to lose a site (dead, half-dead)");
        }
        lost = how;
    }

    /** What the chat application wrote to pangyo's primary, and how much of it gasan has. */
    public ChatTraffic.Summary traffic() {
        traffic.stop();
        return traffic.summary(databases.standby());
    }

    private void closeAtExit() {
        closing = true;
        close();
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (Thread.currentThread() != stopAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException exiting) {
                // the JVM is exiting: the hook is running close() too
            }
        }
        try {
            if (traffic != null) {
                traffic.stop();
            }
        } finally {
            try {
                if (databases != null) {
                    databases.close();
                }
            } finally {
                if (activePort != null) {
                    activePort.close();
                }
                if (standbyPort != null) {
                    standbyPort.close();
                }
                try {
                    if (dns != null) {
                        dns.close();
                    }
                } finally {
                    if (sandbox != null) {
                        sandbox.close();
                    }
                }
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoWorld.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo's " + name + " is missing from its jar (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path extract(String name, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, resource(name), StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
