package io.drctl.engine.run;

import io.drctl.engine.plan.Backoff;
import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.RetryPolicy;
import io.drctl.engine.plan.SourcePosition;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds validated plans in code, so scheduler tests do not depend on the YAML loader. */
final class TestPlans {
    private final List<StepDefinition> steps = new ArrayList<>();
    private String name = "test-plan";

    static TestPlans plan() {
        return new TestPlans();
    }

    TestPlans named(String n) {
        this.name = n;
        return this;
    }

    TestPlans step(String id, Map<String, Object> with, String... needs) {
        return step(new StepBuilder(id).with(with).needs(needs));
    }

    TestPlans step(StepBuilder b) {
        steps.add(b.build());
        return this;
    }

    Plan build() {
        String source = "# test plan " + name + " " + steps;
        return new Plan(
                Path.of("test.yaml"),
                io.drctl.engine.journal.LineHash.sha256(source),
                source,
                name,
                "",
                Map.of(),
                Objectives.NONE,
                Map.of(),
                Map.of(),
                List.copyOf(steps));
    }

    static StepBuilder step(String id) {
        return new StepBuilder(id);
    }

    static final class StepBuilder {
        private final String id;
        private Map<String, Object> with = new LinkedHashMap<>();
        private List<String> needs = List.of();
        private Set<Mode> when = Set.of();
        private Optional<Duration> timeout = Optional.empty();
        private RetryPolicy retry = RetryPolicy.NONE;
        private FailurePolicy onFailure = FailurePolicy.HALT;
        private UnreachablePolicy ifUnreachable = UnreachablePolicy.FAIL;

        StepBuilder(String id) {
            this.id = id;
        }

        StepBuilder with(Map<String, Object> w) {
            this.with = new LinkedHashMap<>(w);
            return this;
        }

        StepBuilder needs(String... n) {
            this.needs = List.of(n);
            return this;
        }

        StepBuilder when(Mode... m) {
            this.when = Set.of(m);
            return this;
        }

        StepBuilder timeout(Duration d) {
            this.timeout = Optional.of(d);
            return this;
        }

        StepBuilder retry(int attempts, Duration backoff) {
            this.retry = new RetryPolicy(attempts, new Backoff(Backoff.Type.FIXED, backoff, backoff));
            return this;
        }

        StepBuilder continueOnFailure() {
            this.onFailure = FailurePolicy.CONTINUE;
            return this;
        }

        StepBuilder skipIfUnreachable() {
            this.ifUnreachable = UnreachablePolicy.SKIP;
            return this;
        }

        StepDefinition build() {
            return new StepDefinition(
                    id,
                    "test.step",
                    "",
                    needs,
                    when,
                    timeout,
                    retry,
                    onFailure,
                    Optional.empty(),
                    ifUnreachable,
                    with,
                    new SourcePosition("test.yaml", 1, 1, "spec.steps"));
        }
    }
}
