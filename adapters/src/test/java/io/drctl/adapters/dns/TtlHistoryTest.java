package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Where drctl finds the TTLs it lowered before: the state directory's runs, only for the zone at hand. */
class TtlHistoryTest {
    @TempDir
    Path stateDir;

    private void lowered(String run, String step, String zone, String name, long oldTtl, Instant at) throws Exception {
        Path file = ChangeLog.directory(stateDir.resolve("runs").resolve(run)).resolve(step + ".json");
        Files.createDirectories(file.getParent());
        FakeStepContext writer = FakeStepContext.builder()
                .stepId(step)
                .runDirectory(stateDir.resolve("runs").resolve(run))
                .build();
        ChangeLog.write(
                writer,
                new ChangeLog.Entry(
                        at,
                        true,
                        oldTtl,
                        List.of(Map.of("name", name, "type", "A", "ttl", oldTtl, "values", List.of("192.0.2.1"))),
                        Duration.ZERO,
                        ChangeLog.TTL,
                        zone,
                        List.of(),
                        -1,
                        ""));
    }

    private static DnsStepSettings settings() throws Exception {
        return new DnsStepSettings("public", Name.fromString("example.com."), List.of(), true, Optional.empty());
    }

    private FakeStepContext failoverRun() {
        return FakeStepContext.builder()
                .stepId("reroute")
                .env(TtlHistory.STATE_DIR_VARIABLE, stateDir.toString())
                .runDirectory(stateDir.resolve("runs/20261202-failover"))
                .build();
    }

    @Test
    void lowerings_of_earlier_runs_in_the_zone_are_found_and_other_zones_are_not_taken() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        lowered("20261201-prep", "lower-ttl", "example.com.", "chat.example.com.", 3600, at);
        lowered("20261130-other", "lower-ttl", "example.org.", "chat.example.org.", 86400, at);

        List<TtlHistory.Lowering> found = TtlHistory.of(failoverRun(), settings(), List.of());

        assertThat(found)
                .containsExactly(new TtlHistory.Lowering(
                        new RecordSet.RrsetKey(Name.fromString("chat.example.com."), RecordType.A),
                        3600,
                        at,
                        Duration.ZERO,
                        "step lower-ttl of run 20261201-prep"));
        assertThat(found.getFirst().cachesExpireAt()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
    }

    @Test
    void an_unreadable_record_of_an_earlier_run_is_an_error_not_a_lowering_less() throws Exception {
        lowered(
                "20261201-prep",
                "lower-ttl",
                "example.com.",
                "chat.example.com.",
                3600,
                Instant.parse("2026-12-01T10:00:00Z"));
        Path broken =
                ChangeLog.directory(stateDir.resolve("runs/20261129-broken")).resolve("lower-ttl.json");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "{not json");

        assertThatThrownBy(() -> TtlHistory.of(failoverRun(), settings(), List.of()))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("waitForTtl: cannot read " + broken + " (")
                .hasMessageEndingWith(
                        "), a record of an earlier run's DNS changes: drctl cannot tell whether it lowered this TTL, "
                                + "nor how long resolvers may serve the old answer; repair or remove it")
                .hasMessageNotContaining("\n");
    }

    @Test
    void without_a_state_directory_only_this_run_is_known() throws Exception {
        FakeStepContext ctx = FakeStepContext.builder().stepId("reroute").build();

        assertThat(TtlHistory.of(ctx, settings(), List.of())).isEmpty();
    }
}
