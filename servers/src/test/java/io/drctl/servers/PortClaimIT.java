package io.drctl.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two drctl processes that want the same well-known port (two demos started together): the
 * second gets another one, instead of both seeing it free and the second setting up the first's
 * server.
 */
class PortClaimIT {

    /** What a second drctl process does: claims the port, says which it got, holds it until its stdin closes. */
    public static void main(String[] args) throws Exception {
        try (PortClaim claim = PortClaim.preferring(Integer.parseInt(args[0]))) {
            System.out.println(claim.port());
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void a_port_another_process_claimed_is_not_given_out_again_until_that_process_lets_it_go() throws Exception {
        int wanted = LoopbackPorts.free();
        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PortClaimIT.class.getName(),
                        Integer.toString(wanted))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(Integer.parseInt(out.readLine()))
                    .as("the first process gets the port it asked for")
                    .isEqualTo(wanted);

            try (PortClaim second = PortClaim.preferring(wanted)) {
                assertThat(second.port())
                        .as("nothing listens on it yet, but another process claimed it")
                        .isNotEqualTo(wanted);
            }
        } finally {
            other.getOutputStream().close();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (PortClaim after = PortClaim.preferring(wanted)) {
            assertThat(after.port())
                    .as("free again once that process let it go")
                    .isEqualTo(wanted);
        }
    }

    @Test
    void a_port_claimed_in_this_process_is_not_given_out_twice() {
        int wanted = LoopbackPorts.free();
        try (PortClaim first = PortClaim.preferring(wanted);
                PortClaim second = PortClaim.preferring(wanted)) {
            assertThat(first.port()).isEqualTo(wanted);
            assertThat(second.port()).isNotEqualTo(wanted);
        }
    }

    @Test
    void a_port_something_else_listens_on_gives_way_to_a_free_one() throws Exception {
        try (var squatter = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                PortClaim claim = PortClaim.preferring(squatter.getLocalPort())) {
            assertThat(claim.port()).isNotEqualTo(squatter.getLocalPort());
        }
    }
}
