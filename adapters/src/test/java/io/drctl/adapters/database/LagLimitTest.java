package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.engine.plan.Plan;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LagLimitTest {
    private static final Plan PLAN_WITH_RPO = DatabasePlans.load(
            DatabasePlans.text("postgresql", "jdbc:postgresql://a/x", "jdbc:postgresql://b/x", "drctl", """
            - id: promote-db
              type: db.promote
              with: { database: chat, member: gasan }
            """));

    private static Lag lag(Long bytes, Duration time) {
        return new Lag(
                bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes),
                Optional.ofNullable(time),
                true,
                true,
                Map.of());
    }

    @Test
    void without_max_lag_the_plans_rpo_is_the_limit() {
        LagLimit limit = LagLimit.of(null, PLAN_WITH_RPO);

        assertThat(limit.describe()).isEqualTo("1m (objectives.rpo)");
        assertThat(limit.exceededBy(lag(10_000_000L, Duration.ofSeconds(59)))).isEmpty();
        assertThat(limit.exceededBy(lag(10L, Duration.ofSeconds(61))))
                .contains("1m01s behind, over 1m (objectives.rpo)");
    }

    @Test
    void bytes_and_time_must_both_hold() {
        LagLimit limit = LagLimit.of(Map.of("bytes", 1024L, "time", Duration.ofSeconds(30)), PLAN_WITH_RPO);

        assertThat(limit.describe()).isEqualTo("1.0 KiB or 30s (maxLag)");
        assertThat(limit.exceededBy(lag(1024L, Duration.ofSeconds(30)))).isEmpty();
        assertThat(limit.exceededBy(lag(4096L, Duration.ofSeconds(40))))
                .contains("4.0 KiB behind, over 1.0 KiB and 40.0s behind, over 30s (maxLag)");
    }

    @Test
    void what_cannot_be_measured_is_not_within_the_limit() {
        LagLimit limit = LagLimit.of(Duration.ofSeconds(30), PLAN_WITH_RPO);

        assertThat(limit.exceededBy(lag(5L, null))).contains("the time behind cannot be measured (maxLag)");
        assertThat(LagLimit.of(Map.of("bytes", 0L), PLAN_WITH_RPO).exceededBy(lag(null, Duration.ZERO)))
                .contains("the bytes behind cannot be measured (maxLag)");
    }

    @Test
    void with_neither_there_is_no_limit() {
        Plan noRpo = DatabasePlans.load(DatabasePlans.text(
                        "postgresql",
                        "jdbc:postgresql://a/x",
                        "jdbc:postgresql://b/x",
                        "drctl",
                        "- { id: c, type: db.check, with: { database: chat, member: gasan } }")
                .replace("  objectives: { rpo: 1m }\n", ""));

        assertThat(LagLimit.of(null, noRpo).isNone()).isTrue();
        assertThat(LagLimit.of(null, noRpo).exceededBy(lag(null, null))).isEmpty();
    }

    @Test
    void byte_sizes_read_the_way_people_read_them() {
        assertThat(ByteSize.format(512)).isEqualTo("512 B");
        assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSize.format(16L * 1024 * 1024)).isEqualTo("16.0 MiB");
    }
}
