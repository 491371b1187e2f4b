package io.drctl.adapters.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port that stands between drctl and a real server (PostgreSQL, an API
 * server, BIND over TCP) and fails the way networks fail on the day a site is lost: it adds
 * latency, swallows everything (a blackhole: connections accepted, nothing ever answered),
 * resets connections, or cuts a connection after a number of bytes from the server.
 *
 * <p>The fault can be changed while connections are open; it applies to every byte forwarded
 * from then on, so a test can let a session start cleanly and break it mid-conversation.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does to traffic. */
    public sealed interface Fault {
        /** Forwards everything as it is. */
        record None() implements Fault {}

        /** Forwards everything, each chunk held back by {@code delay}. */
        record Latency(Duration delay) implements Fault {}

        /** Accepts connections and reads what clients send; forwards nothing and answers nothing. */
        record Blackhole() implements Fault {}

        /** Resets every connection (TCP RST), new and open. */
        record Reset() implements Fault {}

        /** Forwards {@code bytes} more bytes from the server, then closes the connection mid-stream. */
        record CutAfter(long bytes) implements Fault {}
    }

    public static final Fault NONE = new Fault.None();
    public static final Fault BLACKHOLE = new Fault.Blackhole();
    public static final Fault RESET = new Fault.Reset();

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong serverBytesLeft = new AtomicLong(Long.MAX_VALUE);
    private volatile Fault fault = NONE;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fault-proxy-accept-" + port()).start(this::acceptLoop);
    }

    /** A proxy on a free loopback port in front of {@code 127.0.0.1:targetPort}. */
    public static FaultProxy inFrontOf(int targetPort) {
        try {
            return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a fault proxy", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections clients opened through the proxy so far. */
    public int connections() {
        return connections.get();
    }

    /** Changes what the proxy does from now on; a reset also resets every open connection at once. */
    public FaultProxy fault(Fault fault) {
        if (fault instanceof Fault.CutAfter cut) {
            serverBytesLeft.set(cut.bytes());
        }
        this.fault = fault;
        if (fault instanceof Fault.Reset) {
            open.forEach(FaultProxy::reset);
        }
        return this;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            open.add(client);
            Thread.ofVirtual().start(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        if (fault instanceof Fault.Reset) {
            reset(client);
            return;
        }
        Socket server = null;
        try {
            if (!(fault instanceof Fault.Blackhole)) {
                server = new Socket();
                server.connect(target, 5_000);
                open.add(server);
            }
            Socket upstream = server;
            Thread toServer = Thread.ofVirtual().start(() -> pump(client, upstream, false));
            if (upstream != null) {
                pump(upstream, client, true);
            }
            toServer.join();
        } catch (IOException e) {
            // The server refused: so does the proxy, as the server's own port would.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            if (server != null) {
                open.remove(server);
            }
        }
    }

    /** Copies {@code from} → {@code to} (null: swallow), applying the fault to each chunk. */
    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to == null ? null : to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                Fault now = fault;
                switch (now) {
                    case Fault.Blackhole b -> {
                        continue; // swallowed; the other side waits forever
                    }
                    case Fault.Reset r -> {
                        reset(from);
                        reset(to);
                        return;
                    }
                    case Fault.Latency l -> Thread.sleep(l.delay());
                    case Fault.CutAfter c
                    when fromServer -> {
                        long left = serverBytesLeft.getAndAdd(-n);
                        if (left < n) {
                            if (left > 0) {
                                out.write(buffer, 0, (int) left);
                                out.flush();
                            }
                            closeQuietly(from);
                            closeQuietly(to);
                            return;
                        }
                    }
                    default -> {}
                }
                if (out == null) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            if (to != null && !to.isClosed()) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            closeQuietly(to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reset(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing what is already gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(FaultProxy::closeQuietly);
    }
}
