package io.drctl.demo.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers the tests start. */
public final class LoopbackPorts {
    private LoopbackPorts() {}

    /** A port that was free a moment ago (never 5432, the machine's own PostgreSQL port). */
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

    /** {@code port} when it is free on loopback now, else another free one. */
    public static int preferred(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException taken) {
            return free();
        }
    }
}
