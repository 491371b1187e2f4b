package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.PlanInvalidException;
import io.drctl.engine.plan.load.Violation;
import io.drctl.engine.spi.Language;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.databases and the db.* steps as the loader validates them. */
class DatabasesPlanValidationTest {
    private static final String PG_A = "jdbc:postgresql://pg.pangyo.internal:5432/chat";
    private static final String PG_B = "jdbc:postgresql://pg.gasan.internal:5432/chat";
    private static final String FENCE_THEN_PROMOTE = """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: promote-db
              type: db.promote
              needs: [fence-db]
              with: { database: chat, member: gasan, maxLag: 30s }
            """;

    private static List<String> violations(String text) {
        try {
            DatabasePlans.load(text);
            return List.of();
        } catch (PlanInvalidException e) {
            return e.violations().stream()
                    .map(v -> v.path() + ": " + v.message())
                    .toList();
        }
    }

    @Test
    void the_section_is_found_through_the_service_loader() {
        assertThat(Language.discover().sections()).containsKey("databases");
    }

    @Test
    void a_valid_plan_loads_with_the_defaults_filled_in() {
        Plan plan = DatabasePlans.load(DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", FENCE_THEN_PROMOTE)
                .replace("      connectTimeout: 2s\n      socketTimeout: 10s\n", ""));

        DatabaseSpec chat = DatabaseSpec.find(plan, "chat").orElseThrow();
        assertThat(chat.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(chat.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(chat.socketTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(chat.member("gasan").orElseThrow().describe())
                .isEqualTo("database chat, member gasan (pg.gasan.internal:5432)");
        assertThat(plan.step("promote-db").orElseThrow().with())
                .containsEntry("acceptDataLoss", false)
                .containsEntry("acceptSplitBrainRisk", false)
                .containsEntry("promoteTimeout", Duration.ofSeconds(60));
    }

    @Test
    void members_must_be_sites_when_the_plan_has_sites_and_a_site_needs_no_kubernetes() {
        String text = DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", FENCE_THEN_PROMOTE)
                .replace("    gasan: { description: the site that takes over }\n", "");

        assertThat(violations(text))
                .contains("spec.databases.chat.members.gasan: 'gasan' is not a site of spec.sites (sites: pangyo)");
    }

    @Test
    void without_sites_any_member_names_will_do() {
        String text = DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", FENCE_THEN_PROMOTE)
                .replaceAll("  sites:\n    pangyo: .*\n    gasan: .*\n", "");

        assertThat(violations(text)).isEmpty();
    }

    @Test
    void a_password_must_be_a_secret_reference() {
        String text = DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", FENCE_THEN_PROMOTE)
                .replaceFirst("password: \"\\$\\{env:CHAT_DB_PASSWORD}\"", "password: hunter2");

        assertThat(violations(text))
                .containsExactly(
                        "spec.databases.chat.members.pangyo.password: must be a secret reference "
                                + "(${env:NAME} or ${file:PATH}): a password written into the plan ends up in every copy of it");
    }

    @Test
    void a_url_must_fit_the_engine_and_carry_no_password() {
        String text = DatabasePlans.text(
                "mariadb", PG_A, "jdbc:mariadb://db.gasan:3306/?password=x", "drctl", FENCE_THEN_PROMOTE);

        assertThat(violations(text))
                .containsExactly(
                        "spec.databases.chat.members.pangyo.url: a mariadb member's URL starts with jdbc:mariadb:// or jdbc:mysql://",
                        "spec.databases.chat.members.gasan.url: holds a password: give it in 'password' as a secret reference instead");
    }

    @Test
    void a_ca_file_needs_a_verifying_tls_mode() {
        String text = DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", FENCE_THEN_PROMOTE)
                .replaceFirst(
                        "CHAT_DB_PASSWORD}\" }",
                        "CHAT_DB_PASSWORD}\", tls: { mode: require, caFile: /etc/drctl/ca.pem } }");

        assertThat(violations(text))
                .containsExactly(
                        "spec.databases.chat.members.pangyo.tls.caFile: is used only with mode verify-ca or verify-full (mode is require)");
    }

    @Test
    void steps_must_name_a_database_and_one_of_its_members() {
        String text = DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", """
                - id: fence-db
                  type: db.fence
                  with: { database: chats, member: pangyo }
                - id: check-db
                  type: db.check
                  with: { database: chat, member: busan, equals: "1" }
                """);

        assertThat(violations(text))
                .containsExactly(
                        "spec.steps[0].with.database: spec.databases has no database 'chats' (databases: chat)",
                        "spec.steps[1].with.member: database chat has no member 'busan' (members: pangyo, gasan)",
                        "spec.steps[1].with.equals: needs a query whose first value it compares");
    }

    @Test
    void a_promotion_must_come_after_every_fence_of_its_database_and_not_fence_itself() {
        String text = DatabasePlans.text("postgresql", PG_A, PG_B, "drctl", """
                - id: fence-db
                  type: db.fence
                  with: { database: chat, member: pangyo }
                - id: fence-self
                  type: db.fence
                  with: { database: chat, member: gasan }
                - id: promote-db
                  type: db.promote
                  with: { database: chat, member: gasan, maxLag: {} }
                """);

        assertThat(violations(text))
                .containsExactly(
                        "spec.steps[2].with.database: step fence-db fences a member of chat: this step must come after it (add it to needs), or both may run at once",
                        "spec.steps[2].with.member: step fence-self fences gasan, the member this step promotes",
                        "spec.steps[2].with.maxLag: give bytes, time, or both");
    }

    @Test
    void an_unknown_engine_is_reported_at_its_line() {
        String text = DatabasePlans.text("oracle", PG_A, PG_B, "drctl", FENCE_THEN_PROMOTE);

        assertThatThrownBy(() -> DatabasePlans.load(text))
                .isInstanceOf(PlanInvalidException.class)
                .satisfies(e -> assertThat(((PlanInvalidException) e).violations())
                        .extracting(Violation::path)
                        .contains("spec.databases.chat.engine"));
    }
}
