package io.drctl.adapters.kubernetes.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An API server address that does not answer, the two ways a burnt site does not: nothing
 * listens (connection refused at once), or something accepts connections and never says a word
 * (a half-dead load balancer, a hung process: only timeouts end the wait).
 */
public final class DeadSite implements AutoCloseable {
    private final ServerSocket server;
    private final int port;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger hungRequests = new AtomicInteger();

    private DeadSite(ServerSocket server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * A half-dead API server: it answers {@code GET /version} at once (so a reachability probe
     * passes) and hangs on every other request until the test ends, like an API server whose
     * etcd is gone behind a load balancer that still answers.
     */
    public static DeadSite halfDead() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        DeadSite site = new DeadSite(null, http.getAddress().getPort());
        site.http = http;
        http.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/version")) {
                byte[] body = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            site.hungRequests.incrementAndGet();
            try {
                site.released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return site;
    }

    /** How many requests other than /version a half-dead site has received (and never answered). */
    public int hungRequests() {
        return hungRequests.get();
    }

    /** A loopback port nothing listens on. */
    public static DeadSite closedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return new DeadSite(null, port);
    }

    /** A loopback port that accepts connections and never answers. */
    public static DeadSite silentPort() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        DeadSite site = new DeadSite(s, s.getLocalPort());
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    site.held.add(s.accept()); // kept open, never read, never written
                } catch (IOException e) {
                    return;
                }
            }
        });
        return site;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A kubeconfig with context {@code name} pointing here (and any extra contexts given as name=url). */
    public Path kubeconfig(Path dir, String name, String... extra) throws IOException {
        StringBuilder clusters =
                new StringBuilder("  - name: " + name + "\n    cluster: { server: \"" + url() + "\" }\n");
        StringBuilder contexts =
                new StringBuilder("  - name: " + name + "\n    context: { cluster: " + name + ", user: u }\n");
        for (String e : extra) {
            String n = e.substring(0, e.indexOf('='));
            String u = e.substring(e.indexOf('=') + 1);
            clusters.append("  - name: ")
                    .append(n)
                    .append("\n    cluster: { server: \"")
                    .append(u)
                    .append("\" }\n");
            contexts.append("  - name: ")
                    .append(n)
                    .append("\n    context: { cluster: ")
                    .append(n)
                    .append(", user: u }\n");
        }
        Path file = dir.resolve("kubeconfig-" + name);
        Files.writeString(
                file,
                "apiVersion: v1\nkind: Config\ncurrent-context: " + name + "\nclusters:\n" + clusters + "contexts:\n"
                        + contexts + "users:\n  - name: u\n    user: { token: t }\n");
        return file;
    }

    @Override
    public void close() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        released.countDown();
        if (http != null) {
            http.stop(0);
        }
    }
}
