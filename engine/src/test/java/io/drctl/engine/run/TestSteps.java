package io.drctl.engine.run;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.spi.TargetUnreachableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step types for scheduler tests. Their behaviour comes from {@code with}: {@code sleep} (ms),
 * {@code failTimes} (attempts that fail before one succeeds), {@code outcome}
 * (succeed|fail|unreachable|blocked), {@code done} (check says already done). Every apply is
 * recorded with its start and end so tests can assert order and overlap.
 */
final class TestSteps implements StepType {
    record Applied(String stepId, Instant start, Instant end) {}

    final List<Applied> applied = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<String> interrupted = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "test.step";
    }

    @Override
    public String summary() {
        return "A configurable step for tests.";
    }

    @Override
    public Schema.Obj parameters() {
        return Schema.object("test")
                .optional("sleep", Schema.integer("ms"))
                .optional("failTimes", Schema.integer("n"))
                .optional("outcome", Schema.string("o"))
                .optional("done", Schema.bool("d"));
    }

    @Override
    public String example() {
        return "id: t\ntype: test.step\n";
    }

    @Override
    public String documentation() {
        return "test";
    }

    @Override
    public Step bind(StepDefinition def) {
        return new Step() {
            @Override
            public CheckResult check(StepContext ctx) {
                if (Boolean.TRUE.equals(def.with().get("done"))) {
                    return CheckResult.alreadyDone("done");
                }
                return CheckResult.willChange("will do " + def.id(), def.id() + ": something → else");
            }

            @Override
            public void apply(StepContext ctx) throws Exception {
                int attempt = attempts.computeIfAbsent(def.id(), k -> new AtomicInteger())
                        .incrementAndGet();
                Instant start = Instant.now();
                long sleep = ((Number) def.with().getOrDefault("sleep", 0L)).longValue();
                try {
                    Thread.sleep(Duration.ofMillis(sleep));
                } catch (InterruptedException e) {
                    interrupted.add(def.id());
                    throw e;
                }
                long failTimes = ((Number) def.with().getOrDefault("failTimes", 0L)).longValue();
                if (attempt <= failTimes) {
                    throw new StepFailedException("attempt " + attempt + " failed on purpose");
                }
                switch (String.valueOf(def.with().getOrDefault("outcome", "succeed"))) {
                    case "fail" -> throw new StepFailedException("failed on purpose");
                    case "unreachable" -> throw new TargetUnreachableException("site-a", "site-a does not answer");
                    case "blocked" -> throw new SafetyGateException("a guard said no");
                    default -> {}
                }
                ctx.output("attempt", attempt);
                applied.add(new Applied(def.id(), start, Instant.now()));
            }
        };
    }

    List<String> appliedIds() {
        return applied.stream().map(Applied::stepId).toList();
    }
}
