package io.drctl.adapters.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy does to traffic what it says, checked against a loopback echo server. */
class FaultProxyTest {
    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = FaultProxy.inFrontOf(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(2_000);
        return s;
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void a_blackhole_accepts_the_connection_and_never_answers() throws IOException {
        proxy.fault(FaultProxy.BLACKHOLE);
        try (Socket s = connect()) {
            s.setSoTimeout(300);
            s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void a_reset_breaks_an_open_connection() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            assertThat(read(s.getInputStream(), 4)).isEqualTo("ping");
            proxy.fault(FaultProxy.RESET);
            assertThatThrownBy(() -> {
                        s.getOutputStream().write("again".getBytes(StandardCharsets.UTF_8));
                        if (s.getInputStream().read() < 0) {
                            throw new SocketException("closed");
                        }
                    })
                    .isInstanceOf(SocketException.class);
        }
    }

    @Test
    void a_cut_delivers_only_the_first_bytes_then_ends_the_stream() throws IOException {
        proxy.fault(new FaultProxy.Fault.CutAfter(3));
        try (Socket s = connect()) {
            s.getOutputStream().write("abcdef".getBytes(StandardCharsets.UTF_8));
            assertThat(s.getInputStream().readAllBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("abc");
        }
    }

    @Test
    void latency_delays_but_delivers() throws IOException {
        proxy.fault(new FaultProxy.Fault.Latency(Duration.ofMillis(300)));
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            assertThat(read(s.getInputStream(), 4)).isEqualTo("ping");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        assertThat(proxy.connections()).isEqualTo(1);
    }
}
