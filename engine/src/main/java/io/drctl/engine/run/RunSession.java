package io.drctl.engine.run;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.RunInfo;
import io.drctl.engine.spi.RunObserver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the steps of one run share while a session of it executes: the plan, the run's
 * identity, where events go (journal first), outputs of completed steps, approvals, secrets.
 */
final class RunSession {
    private final Language language;
    private final Plan plan;
    private final RunInfo info;
    private final Path runDirectory;
    private final List<RunListener> listeners;
    private final List<RunObserver.Listener> observers = new CopyOnWriteArrayList<>();
    private final Redactor redactor;
    private final SecretReferences secrets;
    private final ApprovalBroker approvals;
    private final Map<String, Map<String, Object>> outputs = new ConcurrentHashMap<>();
    private final SharedObjects shared = new SharedObjects();
    private final Map<String, String> environment;

    RunSession(
            Language language,
            Plan plan,
            RunInfo info,
            Path runDirectory,
            List<RunListener> listeners,
            Redactor redactor,
            RunSettings settings) {
        this.language = language;
        this.plan = plan;
        this.info = info;
        this.runDirectory = runDirectory;
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.redactor = redactor;
        this.secrets = new SecretReferences(settings.environment(), redactor);
        secrets.registerAll(plan.source()); // before anything about the run is written
        this.environment = settings.environment();
        this.approvals = new ApprovalBroker(
                info,
                new ApprovalInbox(runDirectory),
                this::emit,
                settings.preApprovals(),
                settings.prompter(),
                settings.approveCommandPrefix());
    }

    /** Attaches the observers the plan asks for (e.g. notifications); call before the first event. */
    void attachObservers(Map<String, String> environment) {
        RunObserver.Context context = new RunObserver.Context() {
            public RunInfo run() {
                return info;
            }

            public SecretReferences secrets() {
                return secrets;
            }

            public Redactor redactor() {
                return redactor;
            }

            public Map<String, String> environment() {
                return environment;
            }

            public void notice(String level, String source, String message) {
                emit(new RunEvent.Notice(Instant.now(), info.runId(), null, level, source, message));
            }
        };
        for (RunObserver o : language.observers()) {
            o.attach(plan, context).ifPresent(l -> {
                observers.add(l);
                listeners.add(l);
            });
        }
    }

    /** Lets observers flush what they still hold; each bounds its own wait. */
    void closeObservers() {
        for (RunObserver.Listener l : observers) {
            try {
                l.close();
            } catch (RuntimeException e) {
                emit(new RunEvent.Notice(
                        Instant.now(),
                        info.runId(),
                        null,
                        "warning",
                        l.getClass().getSimpleName(),
                        "could not finish: " + e.getMessage()));
            }
        }
    }

    /** Delivers an event to every listener in order; the journal is the first of them. */
    synchronized void emit(RunEvent event) {
        for (RunListener l : listeners) {
            l.on(event);
        }
    }

    void recordOutputs(String stepId, Map<String, Object> values) {
        outputs.put(stepId, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    Map<String, Object> outputsOf(String stepId) {
        return outputs.getOrDefault(stepId, Map.of());
    }

    Language language() {
        return language;
    }

    Plan plan() {
        return plan;
    }

    RunInfo info() {
        return info;
    }

    Path runDirectory() {
        return runDirectory;
    }

    Redactor redactor() {
        return redactor;
    }

    SecretReferences secrets() {
        return secrets;
    }

    Map<String, String> environment() {
        return environment;
    }

    SharedObjects shared() {
        return shared;
    }

    ApprovalBroker approvals() {
        return approvals;
    }
}
