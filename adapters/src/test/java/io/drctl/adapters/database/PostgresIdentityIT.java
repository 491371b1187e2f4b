package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.LoopbackPorts;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A standby promoted only over the cluster it replicates: same system_identifier as the member it takes over from. */
class PostgresIdentityIT {
    private static final String FENCE_THEN_PROMOTE = """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-db
              type: db.promote
              needs: [fence-db]
              with: { database: chat, member: gasan, acceptSplitBrainRisk: true, acceptDataLoss: true }
            """;

    private static PostgresReplicaSet pair;
    private static PostgresServer unrelated;
    private static Path unrelatedRoot;
    private final DbPromoteStepType promote = new DbPromoteStepType();

    @BeforeAll
    static void start() throws Exception {
        pair = PostgresReplicaSet.start();
        unrelatedRoot = Files.createTempDirectory("drctl-pg-unrelated-");
        unrelated = PostgresReplicaSet.startUnrelatedPrimary(unrelatedRoot.resolve("data"));
    }

    @AfterAll
    static void stop() {
        try {
            unrelated.stop();
        } finally {
            io.drctl.servers.TemporaryDirectories.delete(unrelatedRoot);
            pair.close();
        }
    }

    private static FakeStepContext.Builder promoteStep(String pangyoUrl) {
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "postgresql",
                                pangyoUrl,
                                pair.standby().url(),
                                PostgresServer.DRCTL_USER,
                                FENCE_THEN_PROMOTE)),
                        "promote-db")
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30));
    }

    @Test
    void a_standby_of_another_cluster_is_not_promoted_over_the_old_primary() {
        Phases.Outcome outcome =
                Phases.run(promote, promoteStep(unrelated.url()).build());

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith("chat@gasan is not a replica of pangyo: its system identifier is ")
                .contains("(it says): the plan pairs two unrelated clusters");
        assertThat(pair.standby().superuser().value("SELECT pg_is_in_recovery()"))
                .isEqualTo("t");
    }

    @Test
    void with_the_old_primary_gone_the_identity_its_fence_recorded_is_compared() {
        String dead = "jdbc:postgresql://127.0.0.1:" + LoopbackPorts.free() + "/postgres";
        FakeStepContext ctx = promoteStep(dead)
                .outputsOf("fence-db", Map.of("fenced", "proven", "clusterIdentity", "7000000000000000001"))
                .build();

        Phases.Outcome outcome = Phases.run(promote, ctx);

        assertThat(outcome.blocked()).as(outcome.toString()).isTrue();
        assertThat(outcome.check().summary())
                .startsWith("chat@gasan is not a replica of pangyo: ")
                .contains("pangyo's is 7000000000000000001 (fence-db recorded)");
    }

    @Test
    void the_right_pairing_is_recorded_as_verified() throws Exception {
        FakeStepContext ctx = promoteStep(pair.primary().url()).build();

        CheckResult check = promote.bind(ctx.definition()).check(ctx);

        assertThat(check).as(check.summary()).isNotInstanceOf(CheckResult.Blocked.class);
        assertThat(ctx.outputs())
                .containsEntry("identityOfPangyo", "same cluster (it says)")
                .containsKey("clusterIdentity");
    }
}
