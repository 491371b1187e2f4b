package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.testing.FakeStepContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drctl preflight asks whether the preparation run a dns.update names is in this state directory, before the day. */
class PreparationRunDependencyTest {
    static final String RUN = "20261201-093000-7f3a";

    @TempDir
    Path stateDir;

    private final Plan plan = DnsPlans.load(DnsPlans.withSteps("""
            - id: reroute
              type: dns.update
              with:
                zone: public
                records: [ { name: chat, type: A, value: 198.51.100.10 } ]
                waitForTtl: true
                ttlLoweredIn: "%s"
            """.formatted(RUN)));

    private Dependency.Answer preflight() throws Exception {
        Dependency run = new DnsDependencies()
                .find(plan, Map.of("DRCTL_STATE_DIR", stateDir.toString())).stream()
                        .filter(d -> d.kind().equals("state"))
                        .findFirst()
                        .orElseThrow();
        assertThat(run.name()).isEqualTo("preparation run " + RUN + " (ttlLoweredIn)");
        assertThat(run.usedBy()).isEqualTo("reroute");
        return run.probe().ask();
    }

    @Test
    void a_preparation_run_that_is_not_here_is_a_misconfiguration_found_before_the_day() throws Exception {
        Dependency.Answer answer = preflight();

        assertThat(answer.state()).isEqualTo(Dependency.Answer.State.MISCONFIGURED);
        assertThat(answer.detail())
                .startsWith("ttlLoweredIn: there is no run " + RUN + " in " + stateDir.resolve("runs"));
    }

    @Test
    void a_preparation_run_that_lowered_ttls_in_the_zone_says_which() throws Exception {
        Path runDir = stateDir.resolve("runs").resolve(RUN);
        ChangeLog.write(
                FakeStepContext.builder()
                        .stepId("lower-ttl")
                        .runDirectory(runDir)
                        .build(),
                new ChangeLog.Entry(
                        Instant.parse("2026-12-01T09:30:04Z"),
                        true,
                        3600,
                        List.of(Map.of(
                                "name",
                                "chat.example.com.",
                                "type",
                                "A",
                                "ttl",
                                3600L,
                                "values",
                                List.of("192.0.2.10"))),
                        Duration.ZERO,
                        ChangeLog.TTL,
                        "example.com.",
                        List.of(),
                        -1,
                        ""));

        Dependency.Answer answer = preflight();

        assertThat(answer.state()).isEqualTo(Dependency.Answer.State.ANSWERS);
        assertThat(answer.detail()).isEqualTo("lowered chat.example.com. A from ttl 3600s");
    }
}
