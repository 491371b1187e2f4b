package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * check.dns when a server of the zone's NS set is gone — the secondary that stood in the burned
 * site: a real BIND primary whose NS set also names ns3 at 127.0.0.3, where nothing listens.
 * The plan names only the primary, which answers right; the step must not call that converged.
 */
class CheckDnsDeadNameserverBindIT {
    static final String ZONE = "example.test.";
    static BindServer primary;

    @BeforeAll
    static void startServer() {
        primary = BindServer.primary(ZONE, """
                @     IN NS ns3
                ns3   IN A  127.0.0.3
                chat  300 IN A 192.0.2.30
                """);
    }

    @AfterAll
    static void stopServer() {
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void a_server_of_the_ns_set_that_does_not_answer_is_named_and_the_check_does_not_pass() throws Exception {
        String dead = "127.0.0.3:" + primary.port() + " (authoritative, ns3.example.test.)";
        FakeStepContext ctx = FakeStepContext.forType(new CheckDnsStepType())
                .section("dns", Map.of("public", DnsUpdateBindIT.zone(primary.address(), null)))
                .param("zone", "public")
                .param("name", "chat")
                .param("expect", "192.0.2.30")
                .param("interval", Duration.ofMillis(200))
                .param("queryTimeout", Duration.ofMillis(500))
                .timeout(Duration.ofSeconds(2))
                .build();

        CheckResult check = StepRun.check(new CheckDnsStepType(), ctx);
        assertThat(check.summary()).contains(dead).contains("(now: 1/2 do; 127.0.0.3:" + primary.port() + " ");

        assertThatThrownBy(() -> StepRun.run(new CheckDnsStepType(), ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith(
                        "chat.example.test. A did not converge on 192.0.2.30 before the deadline: " + dead + " ")
                .hasMessageEndingWith(" (1/2 did)");
    }
}
