package io.drctl.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports on the loopback interface, for the servers the demo and the tests start. */
public final class LoopbackPorts {
    private LoopbackPorts() {}

    /**
     * A TCP port that was free a moment ago; never 5432 or 3306, where the machine's own
     * PostgreSQL or MariaDB may come to listen while a test runs.
     */
    public static int free() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (s.getLocalPort() != 5432 && s.getLocalPort() != 3306) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A port free for both TCP and UDP on 127.0.0.1 (DNS servers listen on both). */
    public static int freeTcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = free();
            try (DatagramSocket udp =
                    new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // UDP side in use: try another
            }
        }
        throw new IllegalStateException("found no loopback port free for both TCP and UDP");
    }
}
