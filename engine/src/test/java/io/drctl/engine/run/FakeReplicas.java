package io.drctl.engine.run;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.RunStateReplica;
import io.drctl.engine.spi.RunStateReplicas;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A replica provider for engine tests, registered through ServiceLoader (test resources): it
 * answers only for plans named {@code replicated-*}, and does what the test tells it.
 */
public final class FakeReplicas implements RunStateReplicas {
    enum Behaviour {
        HOLDS,
        LOCKED,
        UNREACHABLE,
        TAKES_OVER
    }

    static volatile Behaviour behaviour = Behaviour.HOLDS;
    static final List<String> lines = new CopyOnWriteArrayList<>();
    static volatile String frozenPlan;
    static volatile Consumer<String> onLost;
    static volatile boolean closed;

    static void reset(Behaviour b) {
        behaviour = b;
        lines.clear();
        frozenPlan = null;
        onLost = null;
        closed = false;
    }

    @Override
    public Optional<RunStateReplica> open(Plan plan, Map<String, String> environment) {
        if (!plan.name().startsWith("replicated-")) {
            return Optional.empty();
        }
        return Optional.of(new RunStateReplica() {
            public String where() {
                return "the fake site";
            }

            public Optional<String> acquire(String runId, String holder, Consumer<String> lost) {
                switch (behaviour) {
                    case LOCKED -> throw new DrctlException(ExitCode.LOCKED, "held by run 1-other (operator bob)");
                    case UNREACHABLE -> throw new DrctlException(ExitCode.UNREACHABLE, "site fake did not answer");
                    default -> {}
                }
                onLost = lost;
                return behaviour == Behaviour.TAKES_OVER
                        ? Optional.of("took over the expired lease of run 0-dead")
                        : Optional.empty();
            }

            public void planFrozen(String planText) {
                frozenPlan = planText;
            }

            public void journalLine(String line) {
                lines.add(line);
            }

            public java.util.Optional<io.drctl.engine.spi.RestoredRun> restore(String runId) {
                return java.util.Optional.empty();
            }

            public void close() {
                closed = true;
            }
        });
    }
}
