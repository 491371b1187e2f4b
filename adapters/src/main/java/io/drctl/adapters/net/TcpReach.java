package io.drctl.adapters.net;

import io.drctl.engine.spi.Dependency;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Whether a host takes a TCP connection within a time limit, the name looked up within the same
 * limit: for preflight of things drctl must not send anything to ahead of time (a webhook, an
 * API), where "it answers" is all that can be asked.
 */
public final class TcpReach {
    private TcpReach() {}

    public static Dependency.Answer ask(String host, int port, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try {
            InetAddress address = HostLookup.resolve(host, timeout);
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), (int) Math.max(1, left.toMillis()));
            }
            return Dependency.Answer.answers("takes connections on " + address.getHostAddress() + ":" + port);
        } catch (UnknownHostException e) {
            return Dependency.Answer.unreachable(host + " does not resolve: " + e.getMessage());
        } catch (TimeoutException e) {
            return Dependency.Answer.unreachable(
                    "looking up " + host + " took longer than " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Dependency.Answer.unreachable(host + ":" + port + " takes no connection: " + e.getMessage());
        }
    }
}
