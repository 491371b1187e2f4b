package io.drctl.engine.spi;

import io.drctl.engine.event.RunListener;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import java.util.Map;
import java.util.Optional;

/**
 * Something an adapter attaches to every run of a plan that asks for it, e.g. notifications to
 * an incident channel from {@code spec.notify}. Registered in
 * {@code META-INF/services/io.drctl.engine.spi.RunObserver}.
 *
 * <p>The listener it returns receives every event of the run, in order, on the engine's threads:
 * it must return at once (hand slow work to a thread of its own) and must never throw. It may
 * report what people should know through {@link Context#notices()} (as
 * {@link io.drctl.engine.event.RunEvent.Notice} events), from any thread; it must not react to
 * its own notices.
 */
public interface RunObserver {

    /** A listener for this run, or empty when the plan does not ask for this observer. */
    Optional<Listener> attach(Plan plan, Context context);

    /** What an observer may use: the run, secrets, and a way to report notices. */
    interface Context {
        RunInfo run();

        /** Resolves {@code ${env:..}} / {@code ${file:..}} in the plan's values; registers them as secrets. */
        SecretReferences secrets();

        Redactor redactor();

        /** The environment secret references resolve against. */
        Map<String, String> environment();

        /** Emits a notice into the run (journal, output). */
        void notice(String level, String source, String message);
    }

    /** A run listener that can be told the run is over, to flush what it still holds (bounded). */
    interface Listener extends RunListener, AutoCloseable {
        @Override
        void close();
    }
}
