package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.testing.FakeStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        FakeStepContext writer = FakeStepContext.builder().stepId(step).runDirectory(stateDir.resolve("runs").resolve(run)).build();
        ChangeLog.write(writer, new ChangeLog.Entry(at, true, oldTtl, List.of(Map.of("name", name, "type", "A", "ttl", oldTtl,
                "values", List.of("192.0.2.1"))), Duration.ZERO, ChangeLog.TTL, zone, List.of(), -1, ""));
    }

    @Test
    void lowerings_of_earlier_runs_in_the_zone_are_found_and_other_zones_and_unreadable_records_are_not_taken() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        lowered("20261201-prep", "lower-ttl", "example.com.", "chat.example.com.", 3600, at);
        lowered("20261130-other", "lower-ttl", "example.org.", "chat.example.org.", 86400, at);
        Path broken = ChangeLog.directory(stateDir.resolve("runs/20261129-broken")).resolve("lower-ttl.json");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "{not json");
        FakeStepContext ctx = FakeStepContext.builder().stepId("reroute").env(TtlHistory.STATE_DIR_VARIABLE, stateDir.toString())
                .runDirectory(stateDir.resolve("runs/20261202-failover")).build();
        List<String> problems = new ArrayList<>();

        List<TtlHistory.Lowering> found = TtlHistory.of(ctx, "public", Name.fromString("example.com."), problems);

        assertThat(found).containsExactly(new TtlHistory.Lowering(new RecordSet.RrsetKey(Name.fromString("chat.example.com."),
                RecordType.A), 3600, at, Duration.ZERO, "step lower-ttl of run 20261201-prep"));
        assertThat(found.getFirst().cachesExpireAt()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(problems).singleElement().asString().contains("20261129-broken");
    }

    @Test
    void without_a_state_directory_only_this_run_is_known() throws Exception {
        FakeStepContext ctx = FakeStepContext.builder().stepId("reroute").build();

        assertThat(TtlHistory.of(ctx, "public", Name.fromString("example.com."), new ArrayList<>())).isEmpty();
    }
}
