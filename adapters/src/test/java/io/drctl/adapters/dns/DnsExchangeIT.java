package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drctl.servers.LoopbackPorts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Update;

/**
 * What an exchange that got no answer tells the caller about its message: sent and unanswered
 * (an update's outcome is unknown), or never sent (nothing listens, so nothing changed).
 */
class DnsExchangeIT {
    private static final Duration LIMIT = Duration.ofMillis(400);

    @Test
    void an_update_a_server_swallows_may_have_arrived() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DnsServer server = new DnsServer("127.0.0.1", silent.getLocalPort());

            DnsExchange.NoAnswerException e = catchThrowableOfType(
                    DnsExchange.NoAnswerException.class, () -> DnsExchange.send(server, update(), null, false, LIMIT));

            assertThat(e.getMessage()).startsWith("did not answer within");
            assertThat(e.mayHaveArrived())
                    .as("sent, then silence: the update may have been applied")
                    .isTrue();
        }
    }

    @Test
    void an_update_to_a_port_nobody_listens_on_over_tcp_never_arrived() throws Exception {
        DnsServer server = new DnsServer("127.0.0.1", LoopbackPorts.free());

        DnsExchange.NoAnswerException e = catchThrowableOfType(
                DnsExchange.NoAnswerException.class, () -> DnsExchange.send(server, update(), null, true, LIMIT));

        assertThat(e.getMessage()).contains("connection refused");
        assertThat(e.mayHaveArrived()).as("refused: no connection, no change").isFalse();
    }

    private static Message update() throws Exception {
        Update update = new Update(Name.fromString("faults.test."));
        update.delete(Name.fromString("chat.faults.test."));
        return update;
    }
}
