package io.drctl.adapters.notify;

import io.drctl.engine.plan.Mode;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.RunInfo;
import io.drctl.engine.spi.RunObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RunObserver.Context} that resolves secrets for real and records the notices an observer emits. */
final class RecordingContext implements RunObserver.Context {
    static final RunInfo RUN = new RunInfo(
            "20261122-101500-ab12", "chat-pangyo-to-gasan", "0".repeat(64), Mode.FAILOVER, "alice", "ops-laptop");

    /** A notice as the engine would journal it. */
    record Notice(String level, String source, String message) {
        @Override
        public String toString() {
            return level + " " + source + ": " + message;
        }
    }

    private final Redactor redactor = new Redactor();
    private final Map<String, String> environment;
    private final SecretReferences secrets;
    private final List<Notice> notices = new CopyOnWriteArrayList<>();

    RecordingContext(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.secrets = new SecretReferences(this.environment, redactor);
    }

    @Override
    public RunInfo run() {
        return RUN;
    }

    @Override
    public SecretReferences secrets() {
        return secrets;
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void notice(String level, String source, String message) {
        notices.add(new Notice(level, source, redactor.redact(message)));
    }

    List<Notice> notices() {
        return List.copyOf(notices);
    }
}
