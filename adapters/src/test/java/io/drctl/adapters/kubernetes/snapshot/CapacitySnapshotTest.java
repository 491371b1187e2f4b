package io.drctl.adapters.kubernetes.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacitySnapshotTest {
    @TempDir
    Path state;

    private static CapacitySnapshot snapshot(Instant at, int api) {
        return new CapacitySnapshot(
                "chat-failover",
                "pangyo",
                at,
                List.of(
                        new CapacitySnapshot.Entry("Deployment/chat/api", api, Optional.of(3), Optional.of(12)),
                        new CapacitySnapshot.Entry("StatefulSet/chat/ws", 4, Optional.empty(), Optional.empty())));
    }

    @Test
    void survives_a_round_trip_through_json() throws Exception {
        CapacitySnapshot s = snapshot(Instant.parse("2026-11-22T01:00:00Z"), 6);

        assertThat(CapacitySnapshot.fromJson(s.toJson())).isEqualTo(s);
        assertThatThrownBy(() -> CapacitySnapshot.fromJson("{\"workloads\":[]}"))
                .hasMessageContaining("not a drctl capacity snapshot");
    }

    @Test
    void says_its_age_the_way_people_read_it() {
        Instant now = Instant.parse("2026-11-22T03:05:00Z");
        assertThat(snapshot(now.minus(Duration.ofMinutes(125)), 6).describe(now))
                .isEqualTo("snapshot of site pangyo taken 2h 5m ago (2026-11-22T01:00:00Z)");
        assertThat(CapacitySnapshot.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(CapacitySnapshot.age(Duration.ofDays(3).plusHours(2))).isEqualTo("3d 2h");
    }

    @Test
    void the_newest_local_snapshot_wins_and_a_damaged_file_is_passed_over() throws Exception {
        SnapshotStore.saveLocal(state, snapshot(Instant.parse("2026-11-22T01:00:00Z"), 6));
        SnapshotStore.saveLocal(state, snapshot(Instant.parse("2026-11-22T02:00:00Z"), 8));
        java.nio.file.Files.writeString(
                SnapshotStore.directory(state, "chat-failover", "pangyo").resolve("20991231-000000-000.json"), "{torn");

        assertThat(SnapshotStore.newestLocal(state, "chat-failover", "pangyo"))
                .get()
                .extracting(s -> s.entry("Deployment/chat/api").orElseThrow().replicas())
                .isEqualTo(8);
        assertThat(SnapshotStore.newestLocal(state, "chat-failover", "gasan")).isEmpty();
    }
}
