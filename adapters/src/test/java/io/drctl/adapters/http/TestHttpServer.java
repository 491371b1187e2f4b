package io.drctl.adapters.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on a free loopback port whose answers a test scripts per request, and
 * which remembers what it was sent.
 */
final class TestHttpServer implements AutoCloseable {

    /** An answer: status, body, delay before answering, extra headers. */
    record Reply(int status, byte[] body, Duration delay, Map<String, String> headers) {
        static Reply of(int status) {
            return of(status, "");
        }

        static Reply of(int status, String body) {
            return new Reply(status, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO, Map.of());
        }

        Reply after(Duration delay) {
            return new Reply(status, body, delay, headers);
        }

        Reply header(String name, String value) {
            return new Reply(status, body, delay, Map.of(name, value));
        }
    }

    /** Decides the reply to request number {@code n} (1-based) for {@code path}. */
    interface Script {
        Reply reply(int n, String path);
    }

    /** What a request looked like. */
    record Seen(String method, String path, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http-handler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger count = new AtomicInteger();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private TestHttpServer(HttpServer server, Script script) {
        this.server = server;
        server.createContext("/", exchange -> answer(exchange, script));
        server.setExecutor(handlers);
        server.start();
    }

    static TestHttpServer start(Script script) throws IOException {
        return new TestHttpServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), script);
    }

    static TestHttpServer startTls(SSLContext tls, Script script) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestHttpServer(server, script);
    }

    /** A loopback port nobody listens on (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int requests() {
        return count.get();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void answer(HttpExchange exchange, Script script) throws IOException {
        try (exchange) {
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders())));
            Reply reply = script.reply(
                    count.incrementAndGet(), exchange.getRequestURI().getPath());
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            boolean noBody =
                    reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (timeout, cancelled, body cut off): that is what some tests do.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
