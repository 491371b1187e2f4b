package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.adapters.database.testing.Phases;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.PostgresReplicaSet;
import io.drctl.servers.PostgresServer;
import io.drctl.servers.Sql;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fence as the application sees it, against a real primary and standby: the fence proven as
 * each of the application's roles ({@code appRoles}), and the stronger method that refuses the
 * application's connections outright ({@code method: rejectConnections}) — which must not follow
 * the WAL to the standby that is about to become the primary.
 */
class PostgresApplicationFenceIT {
    private static final String APP_PASSWORD = "app-test-password";

    private PostgresReplicaSet pair;
    private final DbFenceStepType fence = new DbFenceStepType();
    private final DbPromoteStepType promote = new DbPromoteStepType();

    @BeforeEach
    void startPair() throws Exception {
        pair = PostgresReplicaSet.start();
        pair.primary()
                .superuser()
                .exec("CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD + "'", "CREATE DATABASE chat OWNER app");
        pair.awaitCaughtUp();
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    /** The test plan, its database naming the application ({@code application}: YAML fields of spec.databases.chat). */
    private Plan plan(String application, String fenceWith) {
        String steps = """
                - id: fence-pangyo
                  type: db.fence
                  with: { database: chat, member: pangyo%s }
                - id: promote-gasan
                  type: db.promote
                  needs: [fence-pangyo]
                  with: { database: chat, member: gasan }
                """.formatted(fenceWith);
        String text = DatabasePlans.text(
                        "postgresql", pair.primary().url(), pair.standby().url(), PostgresServer.DRCTL_USER, steps)
                .replace("      socketTimeout: 10s\n", "      socketTimeout: 10s\n" + application.indent(6));
        return DatabasePlans.load(text);
    }

    private FakeStepContext.Builder step(Plan plan, String id) {
        return FakeStepContext.forStepOf(plan, id)
                .env(DatabasePlans.PASSWORD_VARIABLE, PostgresServer.DRCTL_PASSWORD)
                .deadlineIn(Duration.ofSeconds(30));
    }

    private Sql asApp(PostgresServer server, String database) {
        return new Sql(server.url().replace("/postgres", "/" + database), "app", APP_PASSWORD);
    }

    @Test
    void an_application_role_that_does_not_exist_leaves_the_fence_unproven() {
        FakeStepContext ctx = step(plan("appRoles: [ap]", ""), "fence-pangyo").build();

        Phases.Outcome outcome = Phases.run(fence, ctx);

        assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        assertThat(ctx.outputs())
                .containsEntry("fenced", "unproven")
                .hasEntrySatisfying("reason", r -> assertThat((String) r).contains("role ap does not exist"));
    }

    @Test
    void the_fence_is_proven_as_each_application_role() {
        FakeStepContext ctx = step(plan("appRoles: [app]", ""), "fence-pangyo").build();

        Phases.Outcome outcome = Phases.run(fence, ctx);

        assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        assertThat(ctx.outputs()).containsEntry("fenced", "proven").containsEntry("provenAs", List.of("drctl", "app"));
        assertThatThrownBy(() -> asApp(pair.primary(), "chat").exec("CREATE TABLE written_after_the_fence (x int)"))
                .hasMessageContaining("read-only transaction");
    }

    @Test
    void reject_connections_is_refused_for_a_database_that_does_not_name_its_application() {
        assertThatThrownBy(() -> plan("", ", method: rejectConnections"))
                .hasMessageContaining("rejectConnections")
                .hasMessageContaining("appRoles");
    }

    @Test
    void reject_connections_keeps_out_a_role_that_turns_the_read_only_default_off() throws Exception {
        pair.primary().superuser().exec("ALTER ROLE app SET default_transaction_read_only = off");
        Plan plan = plan("appRoles: [app]\nappDatabases: [chat]", ", method: rejectConnections");
        try (Connection before = asApp(pair.primary(), "chat").connect()) {
            FakeStepContext ctx = step(plan, "fence-pangyo").build();

            Phases.Outcome outcome = Phases.run(fence, ctx);

            assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
            assertThat(ctx.outputs())
                    .containsEntry("fenced", "proven")
                    .containsEntry("method", "rejectConnections")
                    .containsEntry("rejected", Map.of("roles", List.of("app"), "databases", List.of("chat")));
            assertThat(before.isValid(2))
                    .as("the application's session from before the fence")
                    .isFalse();
        }
        assertThatThrownBy(() -> asApp(pair.primary(), "chat").connect())
                .hasMessageContaining("not permitted to log in");
        assertThatThrownBy(
                        () -> new Sql(pair.primary().url().replace("/postgres", "/chat"), "postgres", null).connect())
                .hasMessageContaining("not currently accepting connections");
    }

    @Test
    void reject_connections_shuts_the_application_out_of_a_member_already_read_only() throws Exception {
        // An earlier readOnly fence, or this fence run again after someone undid part of it by hand.
        pair.primary()
                .superuser()
                .exec("ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
        pair.primary().superuser().await("SHOW default_transaction_read_only", "on"::equals, Duration.ofSeconds(10));
        FakeStepContext ctx = step(
                        plan("appRoles: [app]\nappDatabases: [chat]", ", method: rejectConnections"), "fence-pangyo")
                .build();

        Phases.Outcome outcome = Phases.run(fence, ctx);

        assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        assertThat(ctx.outputs()).containsEntry("fenced", "proven").containsEntry("method", "rejectConnections");
        assertThatThrownBy(() -> asApp(pair.primary(), "chat").connect())
                .hasMessageContaining("not permitted to log in");
    }

    @Test
    void the_promoted_standby_lets_the_application_in_again_while_the_old_primary_stays_shut() throws Exception {
        Plan plan = plan("appRoles: [app]\nappDatabases: [chat]", ", method: rejectConnections");
        FakeStepContext fenceCtx = step(plan, "fence-pangyo").build();
        assertThat(Phases.run(fence, fenceCtx).succeeded()).isTrue();
        pair.awaitCaughtUp(); // the catalog changes reach the standby, as they would in production

        FakeStepContext promoteCtx = step(plan, "promote-gasan")
                .outputsOf("fence-pangyo", fenceCtx.outputs())
                .build();
        Phases.Outcome promoted = Phases.run(promote, promoteCtx);

        assertThat(promoted.succeeded()).as(promoted.toString()).isTrue();
        assertThat(promoteCtx.outputs())
                .containsEntry("reopened", Map.of("roles", List.of("app"), "databases", List.of("chat")));
        asApp(pair.standby(), "chat").exec("CREATE TABLE written_at_gasan (x int)");
        assertThatThrownBy(() -> asApp(pair.primary(), "chat").connect())
                .hasMessageContaining("not permitted to log in");
    }
}
