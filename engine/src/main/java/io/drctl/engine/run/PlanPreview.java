package io.drctl.engine.run;

import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.Approvals;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.RunInfo;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.spi.TargetUnreachableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code drctl plan}: runs only {@code check} on every step — read-only — and reports what a run
 * would change as things stand now. Checks run concurrently (a dead site costs its timeout once,
 * not once per step); results are reported in plan order.
 */
public final class PlanPreview {
    public static final String PREVIEW_RUN_ID = "preview";
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(60);

    private final Language language;
    private final Redactor redactor;

    public PlanPreview(Language language, Redactor redactor) {
        this.language = language;
        this.redactor = redactor;
    }

    /** What check said of one step, or why it could not say. */
    public sealed interface Finding {
        String stepId();

        record Checked(String stepId, CheckResult result) implements Finding {}

        record Skipped(String stepId, String reason) implements Finding {}

        record CheckFailed(String stepId, FailureKind kind, String message) implements Finding {}
    }

    public List<Finding> preview(
            Plan plan, Mode mode, Map<String, String> environment, String operator, String host, RunListener listener) {
        RunInfo info = new RunInfo(PREVIEW_RUN_ID, plan.name(), plan.sha256(), mode, operator, host);
        SecretReferences secrets = new SecretReferences(environment, redactor);
        secrets.registerAll(plan.source());
        Map<String, Future<Finding>> futures = new LinkedHashMap<>();
        try (SharedObjects shared = new SharedObjects();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StepDefinition def : plan.steps()) {
                if (!def.runsIn(mode)) {
                    continue;
                }
                futures.put(def.id(), pool.submit(() -> check(plan, def, info, secrets, shared, environment)));
            }
            List<Finding> findings = new ArrayList<>();
            for (StepDefinition def : plan.steps()) {
                Finding f = def.runsIn(mode)
                        ? await(def, futures.get(def.id()))
                        : new Finding.Skipped(
                                def.id(),
                                "runs only in "
                                        + def.when().stream()
                                                .map(Mode::text)
                                                .sorted()
                                                .toList());
                findings.add(f);
                listener.on(toEvent(f));
            }
            return findings;
        }
    }

    private Finding check(
            Plan plan,
            StepDefinition def,
            RunInfo info,
            SecretReferences secrets,
            SharedObjects shared,
            Map<String, String> environment) {
        StepType type = language.stepType(def.type()).orElseThrow();
        Duration timeout = def.timeout().orElse(type.defaultTimeout());
        timeout = timeout.compareTo(CHECK_LIMIT) < 0 ? timeout : CHECK_LIMIT;
        try {
            CheckResult r = type.bind(def)
                    .check(new PreviewContext(
                            plan, def, info, secrets, Instant.now().plus(timeout), shared, environment));
            return new Finding.Checked(def.id(), r);
        } catch (TargetUnreachableException e) {
            return def.ifUnreachable() == UnreachablePolicy.SKIP
                    ? new Finding.Skipped(def.id(), "target unreachable, ifUnreachable: skip (" + e.getMessage() + ")")
                    : new Finding.CheckFailed(def.id(), FailureKind.UNREACHABLE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Finding.CheckFailed(def.id(), FailureKind.INTERRUPTED, "interrupted");
        } catch (Exception e) {
            return new Finding.CheckFailed(
                    def.id(), FailureKind.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static Finding await(StepDefinition def, Future<Finding> f) {
        try {
            return f.get(CHECK_LIMIT.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Finding.CheckFailed(
                    def.id(), FailureKind.TIMED_OUT, "check did not answer within " + CHECK_LIMIT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Finding.CheckFailed(def.id(), FailureKind.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            return new Finding.CheckFailed(def.id(), FailureKind.FAILED, String.valueOf(e.getCause()));
        }
    }

    private static RunEvent toEvent(Finding f) {
        Instant now = Instant.now();
        return switch (f) {
            case Finding.Checked c ->
                new StepChecked(
                        now,
                        PREVIEW_RUN_ID,
                        c.stepId(),
                        CheckResults.kind(c.result()),
                        c.result().summary(),
                        c.result() instanceof CheckResult.WillChange w ? w.changes() : List.of());
            case Finding.Skipped s ->
                new StepSkipped(now, PREVIEW_RUN_ID, s.stepId(), SkipReason.NOT_IN_MODE, s.reason());
            case Finding.CheckFailed x ->
                new StepFailed(now, PREVIEW_RUN_ID, x.stepId(), x.kind(), x.message(), 1, false, false, 0, Map.of());
        };
    }

    /** A check's context: read-only, no run directory of its own, no approvals. */
    private final class PreviewContext implements StepContext {
        private final Plan plan;
        private final StepDefinition def;
        private final RunInfo info;
        private final SecretReferences secrets;
        private final Instant deadline;
        private final SharedObjects shared;
        private final Map<String, String> environment;

        PreviewContext(
                Plan plan,
                StepDefinition def,
                RunInfo info,
                SecretReferences secrets,
                Instant deadline,
                SharedObjects shared,
                Map<String, String> environment) {
            this.shared = shared;
            this.environment = environment;
            this.plan = plan;
            this.def = def;
            this.info = info;
            this.secrets = secrets;
            this.deadline = deadline;
        }

        @Override
        public boolean preview() {
            return true;
        }

        @Override
        public RunInfo run() {
            return info;
        }

        public Plan plan() {
            return plan;
        }

        public StepDefinition definition() {
            return def;
        }

        public Params params() {
            return new Params(def.with(), secrets);
        }

        public Params paramsOf(Map<String, Object> values) {
            return new Params(values, secrets);
        }

        public void progress(String message) {}

        public void output(String key, Object value) {}

        public Map<String, Object> outputsOf(String stepId) {
            return Map.of();
        }

        public Approvals approvals() {
            return message -> {
                throw new IllegalStateException("check must not ask for approvals");
            };
        }

        public Redactor redactor() {
            return redactor;
        }

        public Instant deadline() {
            return deadline;
        }

        public <T> T shared(String key, Supplier<T> create) {
            return shared.get(key, create);
        }

        public Map<String, String> environment() {
            return environment;
        }

        /** One scratch directory for the whole preview, removed when it ends: a preview leaves no state. */
        public Path runDirectory() {
            return shared.get("preview-scratch-directory", ScratchDirectory::create)
                    .path();
        }
    }

    private record ScratchDirectory(Path path) implements AutoCloseable {
        static ScratchDirectory create() {
            try {
                return new ScratchDirectory(Files.createTempDirectory("drctl-preview-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (var files = Files.walk(path)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
