package io.drctl.engine.run;

import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.Approvals;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.RunInfo;
import io.drctl.engine.spi.StepContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@link StepContext} of one attempt of one step in a live run. */
final class LiveStepContext implements StepContext {
    private final RunSession session;
    private final StepDefinition definition;
    private final Instant deadline;
    private final Map<String, Object> outputs = new LinkedHashMap<>();

    LiveStepContext(RunSession session, StepDefinition definition, Instant deadline) {
        this.session = session;
        this.definition = definition;
        this.deadline = deadline;
    }

    @Override
    public RunInfo run() {
        return session.info();
    }

    @Override
    public Plan plan() {
        return session.plan();
    }

    @Override
    public StepDefinition definition() {
        return definition;
    }

    @Override
    public Params params() {
        return new Params(definition.with(), session.secrets());
    }

    @Override
    public Params paramsOf(Map<String, Object> values) {
        return new Params(values, session.secrets());
    }

    @Override
    public void progress(String message) {
        session.emit(new StepProgress(Instant.now(), session.info().runId(), definition.id(), message));
    }

    @Override
    public synchronized void output(String key, Object value) {
        outputs.put(key, value);
    }

    synchronized Map<String, Object> outputs() {
        return new LinkedHashMap<>(outputs);
    }

    @Override
    public Map<String, Object> outputsOf(String stepId) {
        return session.outputsOf(stepId);
    }

    @Override
    public Approvals approvals() {
        return session.approvals().forStep(definition.id());
    }

    @Override
    public Redactor redactor() {
        return session.redactor();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Path runDirectory() {
        return session.runDirectory();
    }

    @Override
    public Map<String, String> environment() {
        return session.environment();
    }

    @Override
    public <T> T shared(String key, Supplier<T> create) {
        return session.shared().get(key, create);
    }
}
