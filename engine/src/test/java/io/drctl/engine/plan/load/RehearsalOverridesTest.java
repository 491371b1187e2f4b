package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.rehearsal: what a rehearsal uses instead of production, merged over spec; both variants valid. */
class RehearsalOverridesTest {
    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    private static final String PLAN = """
            apiVersion: drctl.io/v1
            kind: RecoveryPlan
            metadata: { name: chat }
            spec:
              sites:
                pangyo: { kubernetes: { context: prod-pangyo, namespace: chat } }
                gasan: { kubernetes: { context: prod-gasan } }
              databases:
                chat:
                  engine: postgresql
                  members:
                    pangyo: { url: "jdbc:postgresql://pg.pangyo:5432/chat", user: drctl }
                    gasan: { url: "jdbc:postgresql://pg.gasan:5432/chat", user: drctl }
              rehearsal:
            %s
              steps:
                - id: wait
                  type: wait
                  with: { duration: 1s }
            """;

    private Plan load(String rehearsal, Mode mode) {
        return loader.parse(
                Path.of("chat.yaml"),
                PLAN.formatted(rehearsal.stripTrailing().indent(4)).getBytes(StandardCharsets.UTF_8),
                mode);
    }

    @Test
    void a_rehearsal_uses_the_staging_targets_and_a_failover_the_production_ones() {
        String staging = """
                sites:
                  pangyo: { kubernetes: { context: staging-pangyo } }
                databases:
                  chat: { members: { pangyo: { url: "jdbc:postgresql://pg.staging:5432/chat" } } }
                """;

        Plan rehearsal = load(staging, Mode.REHEARSAL);
        Plan failover = load(staging, Mode.FAILOVER);

        assertThat(rehearsal.sites().get("pangyo").facets().get("kubernetes"))
                .isEqualTo(Map.of("context", "staging-pangyo", "namespace", "chat")); // merged, not replaced wholesale
        assertThat(failover.sites().get("pangyo").facets().get("kubernetes"))
                .isEqualTo(Map.of("context", "prod-pangyo", "namespace", "chat"));
        assertThat(rehearsal.rehearsalOverrides())
                .containsExactly("sites.pangyo.kubernetes.context", "databases.chat.members.pangyo.url");
        assertThat(failover.rehearsalOverrides()).isEmpty();
    }

    @Test
    void a_mistake_in_the_rehearsal_block_is_found_whatever_the_mode_at_its_own_line() {
        String broken = """
                databases:
                  chat: { engine: oracle }
                """;

        PlanInvalidException invalid =
                catchThrowableOfType(PlanInvalidException.class, () -> load(broken, Mode.FAILOVER));

        assertThat(invalid.violations()).singleElement().satisfies(v -> {
            assertThat(v.line()).isEqualTo(16);
            assertThat(v.message()).contains("oracle");
        });
    }

    @Test
    void only_sites_and_plan_sections_may_be_replaced() {
        PlanInvalidException invalid =
                catchThrowableOfType(PlanInvalidException.class, () -> load("steps: []\n", Mode.REHEARSAL));

        assertThat(invalid.violations()).anySatisfy(v -> {
            assertThat(v.path()).isEqualTo("spec.rehearsal.steps");
            assertThat(v.message())
                    .contains("spec.rehearsal may replace")
                    .contains("sites")
                    .contains("not 'steps'");
        });
    }
}
