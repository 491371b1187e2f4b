package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.MariaDbReplicaSet;
import io.drctl.adapters.database.testing.MariaDbServer;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.TemporaryDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB replica is promoted only over the primary it replicates: besides the replication
 * source's server_id, the replica must have received GTIDs of the old primary's
 * {@code gtid_domain_id}. Two clusters set up apart both keep the default server_id 1, so the
 * domain is what tells them apart. The shared pair is only looked at; each test has its own
 * unrelated primary.
 */
class MariaDbPairingIT {
    private static final String FENCE_THEN_PROMOTE = """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-db
              type: db.promote
              needs: [fence-db]
              with: { database: chat, member: gasan, maxLag: { bytes: 1048576 } }
            """;
    /** What the unrelated cluster's operators chose as its GTID domain; the pair writes domain 0. */
    private static final long OTHER_DOMAIN = 7;

    private static MariaDbReplicaSet pair;
    private final DbFenceStepType fence = new DbFenceStepType();
    private final DbPromoteStepType promote = new DbPromoteStepType();
    private Path unrelatedDirectory;
    private MariaDbServer unrelated;

    @BeforeAll
    static void startPair() {
        pair = MariaDbReplicaSet.start();
    }

    @AfterAll
    static void stopPair() {
        pair.close();
    }

    @BeforeEach
    void startUnrelatedPrimaryWithTheSameServerIdAndAnotherDomain() throws Exception {
        unrelatedDirectory = Files.createTempDirectory("drctl-mdb-other-domain-");
        unrelated = MariaDbReplicaSet.startUnrelatedPrimary(unrelatedDirectory, 1, OTHER_DOMAIN);
        unrelated
                .root()
                .exec(
                        "CREATE DATABASE elsewhere",
                        "CREATE TABLE elsewhere.t (id INT)",
                        "INSERT INTO elsewhere.t VALUES (1)");
    }

    @AfterEach
    void stopUnrelatedPrimary() {
        try {
            unrelated.stop();
        } finally {
            TemporaryDirectories.delete(unrelatedDirectory);
        }
    }

    private static FakeStepContext.Builder step(String id, String pangyoUrl) {
        return FakeStepContext.forStepOf(
                        DatabasePlans.load(DatabasePlans.text(
                                "mariadb",
                                pangyoUrl,
                                pair.replica().url(),
                                MariaDbReplicaSet.DRCTL_USER,
                                FENCE_THEN_PROMOTE)),
                        id)
                .env(DatabasePlans.PASSWORD_VARIABLE, MariaDbReplicaSet.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30));
    }

    @Test
    void a_replica_that_never_received_the_old_primarys_gtid_domain_is_not_promoted_over_it() throws Exception {
        unrelated.root().exec("SET GLOBAL read_only = ON"); // fenced, so only the pairing is wrong
        FakeStepContext ctx = step("promote-db", unrelated.url()).build();

        CheckResult check = promote.bind(ctx.definition()).check(ctx); // check only: the pair is shared

        assertThat(check).as(check.summary()).isInstanceOf(CheckResult.Blocked.class);
        assertThat(check.summary())
                .startsWith("chat@gasan is not a replica of pangyo: ")
                .contains("it received GTIDs of domain 0 only, pangyo writes domain " + OTHER_DOMAIN
                        + " (gtid_domain_id)")
                .contains("(it says): the plan pairs two unrelated clusters")
                .doesNotContain("\n");
        assertThat(pair.replica().root().value("SELECT @@global.read_only")).isEqualTo("1");
        assertThat(pair.replica().root().column("SHOW REPLICA STATUS")).isNotEmpty();
    }

    @Test
    void with_the_old_primary_gone_the_gtid_domain_its_fence_recorded_is_compared() throws Exception {
        FakeStepContext fenceCtx = step("fence-db", unrelated.url()).build();
        Phases.Outcome fenced = Phases.run(fence, fenceCtx);
        assertThat(fenced.succeeded()).as(fenced.toString()).isTrue();
        assertThat(fenceCtx.outputs()).containsEntry("clusterIdentity", "server_id 1, gtid_domain_id " + OTHER_DOMAIN);
        unrelated.stop();

        FakeStepContext ctx = step("promote-db", unrelated.url())
                .outputsOf("fence-db", fenceCtx.outputs())
                .build();

        CheckResult check = promote.bind(ctx.definition()).check(ctx);

        assertThat(check).as(check.summary()).isInstanceOf(CheckResult.Blocked.class);
        assertThat(check.summary())
                .startsWith("chat@gasan is not a replica of pangyo: ")
                .contains("pangyo writes domain " + OTHER_DOMAIN + " (gtid_domain_id) (fence-db recorded)");
        assertThat(pair.replica().root().value("SELECT @@global.read_only")).isEqualTo("1");
    }

    @Test
    void the_replica_of_the_fenced_primary_has_received_its_domain() throws Exception {
        pair.primary().root().exec("SET GLOBAL read_only = ON");
        try {
            FakeStepContext ctx = step("promote-db", pair.primary().url()).build();

            CheckResult check = promote.bind(ctx.definition()).check(ctx); // check only: the pair is shared

            assertThat(check).as(check.summary()).isNotInstanceOf(CheckResult.Blocked.class);
            assertThat(ctx.outputs())
                    .containsEntry("clusterIdentity", "replica of server_id 1, received gtid domains 0")
                    .containsEntry("identityOfPangyo", "same cluster (it says)");
        } finally {
            pair.primary().root().exec("SET GLOBAL read_only = OFF");
        }
    }
}
