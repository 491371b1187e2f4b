package io.drctl.engine.testing;

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
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.Approvals;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.RunInfo;
import io.drctl.engine.spi.StepClock;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link StepContext} for unit tests of step types. Parameters are given as the loader would
 * produce them (String, Long, Boolean, Duration, List, Map); secret references resolve against
 * the builder's environment through the real {@link SecretReferences} and {@link Redactor}.
 * Like the engine, it redacts what passes through {@link #progress} and {@link #output}, and
 * records both for assertions. Safe to call from several threads.
 *
 * <pre>{@code
 * FakeStepContext ctx = FakeStepContext.forType(new WaitStepType())
 *         .param("duration", Duration.ofSeconds(2))
 *         .deadlineIn(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class FakeStepContext implements StepContext {
    public static final RunInfo DEFAULT_RUN =
            new RunInfo("run-test-1", "test-plan", "0".repeat(64), Mode.REHEARSAL, "tester", "test-host");

    private final RunInfo run;
    private final boolean preview;
    private final Plan plan;
    private final StepDefinition definition;
    private final Redactor redactor = new Redactor();
    private final SecretReferences secrets;
    private final Approvals approvals;
    private final Instant deadline;
    private final StepClock clock;
    private final Map<String, Map<String, Object>> outputsOfOthers;
    private final Path runDirectory;
    private final Map<String, String> environment;
    private final List<String> progress = new ArrayList<>();
    private final Map<String, Object> outputs = new LinkedHashMap<>();

    private FakeStepContext(Builder b) {
        this.run = b.run;
        this.preview = b.preview;
        if (b.plan != null) {
            // A step of a loaded plan: the plan's sections, sites and other steps are what the step sees.
            StepDefinition d =
                    b.plan.step(b.stepId).orElseThrow(() -> new IllegalArgumentException("no step " + b.stepId));
            this.definition = new StepDefinition(
                    d.id(),
                    d.type(),
                    d.description(),
                    d.needs(),
                    d.when(),
                    b.stepTimeout != null ? Optional.of(b.stepTimeout) : d.timeout(),
                    d.retry(),
                    d.onFailure(),
                    d.site(),
                    d.ifUnreachable(),
                    new LinkedHashMap<>(b.params),
                    d.position());
            this.plan = b.plan;
        } else {
            this.definition = new StepDefinition(
                    b.stepId,
                    b.type,
                    "",
                    List.of(),
                    Set.of(),
                    Optional.ofNullable(b.stepTimeout),
                    RetryPolicy.NONE,
                    FailurePolicy.HALT,
                    Optional.empty(),
                    UnreachablePolicy.FAIL,
                    new LinkedHashMap<>(b.params),
                    new SourcePosition(b.planFile.toString(), 1, 1, "spec.steps[0]"));
            this.plan = new Plan(
                    b.planFile,
                    run.planSha256(),
                    "",
                    run.planName(),
                    "",
                    Map.of(),
                    b.objectives,
                    Map.of(),
                    Map.copyOf(b.sections),
                    List.of(definition));
        }
        this.secrets = new SecretReferences(Map.copyOf(b.environment), redactor);
        this.environment = Map.copyOf(b.environment);
        this.approvals = b.approvals;
        this.clock = b.clock;
        this.deadline = b.deadline != null ? b.deadline : clock.now().plus(b.timeout);
        this.outputsOfOthers = Map.copyOf(b.outputsOfOthers);
        this.runDirectory = b.runDirectory;
    }

    /** A builder for a step of {@code type}; at build, absent parameters get the type's defaults. */
    public static Builder forType(StepType type) {
        return new Builder().type(type.name()).defaultsFrom(type.parameters());
    }

    /**
     * A builder for step {@code stepId} of a loaded plan: its type and {@code with} come from the
     * plan (override parameters with {@link Builder#param}), and {@link #plan()} is that plan, so
     * the step sees its sections, sites and the other steps.
     */
    public static Builder forStepOf(Plan plan, String stepId) {
        StepDefinition d =
                plan.step(stepId).orElseThrow(() -> new IllegalArgumentException("no step " + stepId + " in the plan"));
        Builder b = new Builder().type(d.type()).stepId(stepId).params(d.with());
        b.plan = plan;
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    // StepContext

    @Override
    public boolean preview() {
        return preview;
    }

    @Override
    public RunInfo run() {
        return run;
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public StepDefinition definition() {
        return definition;
    }

    @Override
    public Params params() {
        return new Params(definition.with(), secrets);
    }

    @Override
    public Params paramsOf(Map<String, Object> values) {
        return new Params(values, secrets);
    }

    @Override
    public synchronized void progress(String message) {
        progress.add(redactor.redact(message));
    }

    @Override
    public synchronized void output(String key, Object value) {
        outputs.put(key, redactDeep(value));
    }

    @Override
    public Map<String, Object> outputsOf(String stepId) {
        return outputsOfOthers.getOrDefault(stepId, Map.of());
    }

    @Override
    public Approvals approvals() {
        return approvals;
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public StepClock clock() {
        return clock;
    }

    @Override
    public Path runDirectory() {
        if (runDirectory == null) {
            throw new IllegalStateException("no run directory: give the builder one with runDirectory(path)");
        }
        return runDirectory;
    }

    private final java.util.Map<String, Object> shared = new java.util.concurrent.ConcurrentHashMap<>();

    /** Shared objects live as long as this context; tests close what they create themselves. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, java.util.function.Supplier<T> create) {
        return (T) shared.computeIfAbsent(key, k -> create.get());
    }

    /** The builder's environment (see {@link Builder#env}). */
    @Override
    public Map<String, String> environment() {
        return environment;
    }

    // What the step reported

    /** Every progress message so far, redacted, oldest first. */
    public synchronized List<String> progressMessages() {
        return List.copyOf(progress);
    }

    /** The latest progress message, or empty. */
    public synchronized Optional<String> lastProgress() {
        return progress.isEmpty() ? Optional.empty() : Optional.of(progress.getLast());
    }

    /** Every output recorded so far, redacted. */
    public synchronized Map<String, Object> outputs() {
        return new LinkedHashMap<>(outputs);
    }

    public synchronized Object output(String key) {
        return outputs.get(key);
    }

    private Object redactDeep(Object value) {
        return switch (value) {
            case String s -> redactor.redact(s);
            case List<?> list -> list.stream().map(this::redactDeep).toList();
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, redactDeep(v)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    public static final class Builder {
        private String type = "test";
        private String stepId = "test-step";
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final Map<String, Object> defaults = new LinkedHashMap<>();
        private final Map<String, String> environment = new HashMap<>();
        private final Map<String, Map<String, Object>> outputsOfOthers = new HashMap<>();
        private final Map<String, Object> sections = new LinkedHashMap<>();
        private RunInfo run = DEFAULT_RUN;
        private boolean preview;
        private Objectives objectives = Objectives.NONE;
        private Instant deadline;
        private Duration timeout = Duration.ofMinutes(1);
        private StepClock clock = StepClock.SYSTEM;
        private Duration stepTimeout;
        private Approvals approvals = FakeStepContext::nobodyAnswers;
        private Path planFile = Path.of("test-plan.yaml");
        private Path runDirectory;
        private Plan plan;

        private Builder() {}

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder stepId(String stepId) {
            this.stepId = stepId;
            return this;
        }

        /** One converted parameter, e.g. {@code param("duration", Duration.ofSeconds(5))}. */
        public Builder param(String key, Object value) {
            params.put(key, value);
            return this;
        }

        public Builder params(Map<String, ?> values) {
            params.putAll(values);
            return this;
        }

        /** Fills absent top-level parameters with the defaults {@code schema} declares, as the loader does. */
        public Builder defaultsFrom(Schema.Obj schema) {
            schema.properties().values().forEach(p -> p.defaultValue().ifPresent(v -> defaults.put(p.name(), v)));
            return this;
        }

        /** An environment variable that {@code ${env:NAME}} references resolve against. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** The context of {@code drctl plan}'s preview instead of a run's. */
        public Builder preview() {
            this.preview = true;
            return this;
        }

        public Builder run(RunInfo run) {
            this.run = run;
            return this;
        }

        public Builder mode(Mode mode) {
            this.run = new RunInfo(run.runId(), run.planName(), run.planSha256(), mode, run.operator(), run.host());
            return this;
        }

        /**
         * The clock the step reads and sleeps by (default: the system's); the deadline of
         * {@link #deadlineIn} counts from its time at {@link #build()}.
         */
        public Builder clock(StepClock clock) {
            this.clock = clock;
            return this;
        }

        /** The attempt's deadline, fixed. */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** The attempt's deadline, {@code timeout} after {@link #build()} (default: one minute). */
        public Builder deadlineIn(Duration timeout) {
            this.deadline = null;
            this.timeout = timeout;
            return this;
        }

        /** The step's {@code timeout:}, and a deadline that far after {@link #build()}, as the engine sets it. */
        public Builder timeout(Duration timeout) {
            this.stepTimeout = timeout;
            return deadlineIn(timeout);
        }

        public Builder approvals(Approvals approvals) {
            this.approvals = approvals;
            return this;
        }

        /** Approvals that approve at once. */
        public Builder approvedBy(String who, String how, String comment) {
            return approvals(message -> new Approvals.Decision(true, who, how, comment, Instant.now()));
        }

        /** Approvals that deny at once. */
        public Builder deniedBy(String who, String comment) {
            return approvals(message -> new Approvals.Decision(false, who, "test", comment, Instant.now()));
        }

        /** Outputs a completed earlier step recorded. */
        public Builder outputsOf(String stepId, Map<String, Object> outputs) {
            outputsOfOthers.put(stepId, Map.copyOf(outputs));
            return this;
        }

        /**
         * A section of the plan's {@code spec} (e.g. {@code dns}) as the loader converts it:
         * plain values, secret references unresolved.
         */
        public Builder section(String name, Object value) {
            sections.put(name, value);
            return this;
        }

        /** The plan's {@code spec.objectives} (RTO, RPO). */
        public Builder objectives(Objectives objectives) {
            this.objectives = objectives;
            return this;
        }

        /** Where the plan file is; steps resolve plan-relative paths against its directory. */
        public Builder planFile(Path planFile) {
            this.planFile = planFile;
            return this;
        }

        public Builder runDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /** A fresh temporary run directory. */
        public Builder temporaryRunDirectory() {
            try {
                return runDirectory(Files.createTempDirectory("drctl-test-run"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public FakeStepContext build() {
            defaults.forEach(params::putIfAbsent);
            return new FakeStepContext(this);
        }
    }

    /** The default approvals: nobody ever answers, as when the operator walked away; ends on interrupt. */
    private static Approvals.Decision nobodyAnswers(String message) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
        throw new AssertionError("unreachable");
    }
}
