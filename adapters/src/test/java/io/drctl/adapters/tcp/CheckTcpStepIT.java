package io.drctl.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.LoopbackPorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** check.tcp against real sockets on loopback ports. */
class CheckTcpStepIT {
    private final CheckTcpStepType type = new CheckTcpStepType();

    private FakeStepContext.Builder connecting(int port) {
        return FakeStepContext.forType(type)
                .param("host", "127.0.0.1")
                .param("port", (long) port)
                .param("interval", Duration.ofMillis(50))
                .deadlineIn(Duration.ofSeconds(10));
    }

    @Test
    void a_listening_port_passes_verify_and_check_says_so() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            FakeStepContext ctx =
                    connecting(listener.getLocalPort()).param("consecutive", 3L).build();
            var step = type.bind(ctx.definition());

            CheckResult check = step.check(ctx);
            step.verify(ctx);

            assertThat(check.summary())
                    .matches("will connect to 127\\.0\\.0\\.1:\\d+ until 3 connections in a row succeed "
                            + "\\(now: connected in \\d+ms\\)");
            assertThat(ctx.outputs()).containsEntry("attempts", 3).containsKey("lastLatencyMs");
            assertThat(ctx.progressMessages()).last().asString().matches("3/3 connected: connected in \\d+ms");
        }
    }

    @Test
    void a_port_that_opens_later_passes_once_it_accepts() throws Exception {
        int port = LoopbackPorts.free();
        FakeStepContext ctx = connecting(port).build();
        Thread opener = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(400);
                try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                    Thread.sleep(3000);
                }
            } catch (InterruptedException e) {
                // the test is over
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        type.bind(ctx.definition()).verify(ctx);

        assertThat((Integer) ctx.output("attempts")).isGreaterThan(1);
        assertThat(ctx.progressMessages()).first().isEqualTo("not yet: connection refused");
        opener.interrupt();
    }

    @Test
    void a_closed_port_fails_just_before_the_deadline_with_the_last_observation() throws Exception {
        int port = LoopbackPorts.free();
        FakeStepContext ctx = connecting(port).deadlineIn(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();

        assertThatThrownBy(() -> type.bind(ctx.definition()).verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageMatching("127\\.0\\.0\\.1:" + port + " did not accept a connection before the deadline "
                        + "\\(\\d+ attempts\\); last: connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(600), Duration.ofMillis(1500));
    }

    @Test
    void a_host_that_does_not_resolve_is_an_observation() throws Exception {
        FakeStepContext ctx = FakeStepContext.forType(type)
                .param("host", "no-such-host.invalid")
                .param("port", 80L)
                .deadlineIn(Duration.ofSeconds(10))
                .build();

        assertThat(type.bind(ctx.definition()).check(ctx).summary()).endsWith("(now: cannot resolve the host name)");
    }
}
