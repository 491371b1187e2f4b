package io.drctl.adapters.tcp;

import io.drctl.adapters.net.HostLookup;
import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.plan.DurationText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One TCP connection attempt and what it came to: {@code connected in 3ms}, {@code connection
 * refused}, {@code no answer within 3s}, {@code cannot resolve the host name}. The name lookup
 * counts against the same timeout; the connection is closed at once.
 */
record TcpProbe(boolean connected, Duration latency, String summary, boolean timedOut) {

    static TcpProbe connect(String host, int port, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = HostLookup.resolve(host, timeout);
        } catch (UnknownHostException e) {
            return failed(start, "cannot resolve the host name");
        } catch (TimeoutException e) {
            return failed(start, "cannot resolve the host name within " + DurationText.canonical(timeout));
        }
        Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - start));
        if (left.toMillis() < 1) {
            return new TcpProbe(
                    false,
                    Duration.ofNanos(System.nanoTime() - start),
                    "no answer within " + DurationText.canonical(timeout),
                    true);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, left.toMillis()));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            return new TcpProbe(true, latency, "connected in " + latency.toMillis() + "ms", false);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            boolean timedOut = e instanceof SocketTimeoutException;
            return new TcpProbe(
                    false,
                    Duration.ofNanos(System.nanoTime() - start),
                    NetworkFailures.of(e, timeout).reason(),
                    timedOut);
        }
    }

    private static TcpProbe failed(long start, String why) {
        return new TcpProbe(false, Duration.ofNanos(System.nanoTime() - start), why, false);
    }
}
