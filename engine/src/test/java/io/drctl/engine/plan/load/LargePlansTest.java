package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.DrctlException;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Generated plans are large; large is not hostile. */
class LargePlansTest {
    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    /** {@code steps} exec steps, each needing up to {@code width} steps before it; {@code closeCycle}: the first needs the last. */
    static String plan(int steps, int width, boolean closeCycle) {
        StringBuilder y = new StringBuilder(
                "apiVersion: drctl.io/v1\nkind: RecoveryPlan\nmetadata: { name: generated }\nspec:\n  steps:\n");
        for (int i = 0; i < steps; i++) {
            y.append("    - id: s").append(i).append("\n      type: exec\n");
            StringBuilder needs = new StringBuilder();
            for (int j = Math.max(0, i - width); j < i; j++) {
                needs.append(needs.isEmpty() ? "" : ", ").append('s').append(j);
            }
            if (closeCycle && i == 0) {
                needs.append("s").append(steps - 1);
            }
            if (!needs.isEmpty()) {
                y.append("      needs: [").append(needs).append("]\n");
            }
            y.append("      with: { command: [echo, '").append(i).append("'] }\n");
        }
        return y.toString();
    }

    private Plan load(String yaml) {
        return loader.parse(Path.of("generated.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void five_thousand_steps_with_wide_needs_are_a_valid_plan_not_an_alias_attack() {
        Plan plan = load(plan(5_000, 20, false));
        assertThat(plan.steps()).hasSize(5_000);
    }

    @Test
    void ten_thousand_steps_without_any_alias_are_valid() {
        assertThat(load(plan(10_000, 1, false)).steps()).hasSize(10_000);
    }

    @Test
    void a_cycle_through_five_thousand_steps_is_named_by_its_ends_and_how_many_lie_between() {
        assertThatThrownBy(() -> load(plan(5_000, 1, true)))
                .isInstanceOf(DrctlException.class)
                .hasMessageContaining(
                        "dependency cycle: s0 → s4999 → s4998 → s4997 → s4996 → … 4991 more … → s4 → s3 → s2 → s1 → s0 (each step needs the next)");
    }
}
