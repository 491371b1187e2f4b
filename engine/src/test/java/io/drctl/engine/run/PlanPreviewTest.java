package io.drctl.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.RetryPolicy;
import io.drctl.engine.plan.SourcePosition;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PlanPreviewTest {

    /** Checks that keep a scratch file in the run directory, as a step's check may. */
    static final class ScratchChecks implements StepType {
        final List<Path> seen = new CopyOnWriteArrayList<>();

        public String name() {
            return "test.scratch";
        }

        public String summary() {
            return "test";
        }

        public Schema.Obj parameters() {
            return Schema.object("test");
        }

        public String example() {
            return "id: s\ntype: test.scratch\n";
        }

        public String documentation() {
            return "test";
        }

        public Step bind(StepDefinition def) {
            return new Step() {
                public CheckResult check(io.drctl.engine.spi.StepContext ctx) throws Exception {
                    Path dir = ctx.runDirectory();
                    seen.add(dir);
                    Files.writeString(dir.resolve(def.id() + ".tmp"), "scratch");
                    return CheckResult.readOnly("kept a scratch file");
                }

                public void apply(io.drctl.engine.spi.StepContext ctx) {}
            };
        }
    }

    static StepDefinition step(String id) {
        return new StepDefinition(
                id,
                "test.scratch",
                "",
                List.of(),
                Set.of(),
                Optional.empty(),
                RetryPolicy.NONE,
                FailurePolicy.HALT,
                Optional.empty(),
                UnreachablePolicy.FAIL,
                Map.of(),
                new SourcePosition("t.yaml", 1, 1, ""));
    }

    @Test
    void checks_in_a_preview_share_one_scratch_directory_that_is_gone_afterwards() {
        ScratchChecks type = new ScratchChecks();
        Plan plan = new Plan(
                Path.of("t.yaml"),
                "0".repeat(64),
                "",
                "preview-test",
                "",
                Map.of(),
                Objectives.NONE,
                Map.of(),
                Map.of(),
                List.of(step("a"), step("b")));
        new PlanPreview(new Language(List.of(type), List.of(), List.of()), new Redactor())
                .preview(plan, Mode.FAILOVER, Map.of(), "tester", "host", e -> {});
        assertThat(type.seen).hasSize(2);
        assertThat(type.seen.get(0)).isEqualTo(type.seen.get(1));
        assertThat(type.seen.get(0)).doesNotExist();
    }
}
