package io.drctl.engine.run;

import io.drctl.engine.ConfigurationException;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.RunFinished;
import io.drctl.engine.event.RunEvent.RunResumed;
import io.drctl.engine.event.RunEvent.RunStarted;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.event.SkipReason;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.journal.JournalHead;
import io.drctl.engine.journal.JournalReader;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.RestoredRun;
import io.drctl.engine.spi.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts and resumes runs: takes the plan's lock, writes the journal (first listener of every
 * event) and a frozen copy of the plan, executes the DAG, and records how the session ended.
 */
public final class RunEngine {
    public static final String FROZEN_PLAN = "plan.yaml";

    private final Language language;
    private final StateDirectory state;
    private final Redactor redactor;
    private final EventCodec codec = new EventCodec();

    public RunEngine(Language language, StateDirectory state, Redactor redactor) {
        this.language = language;
        this.state = state;
        this.redactor = redactor;
    }

    /** Prepares a new run of {@code plan}; nothing is executed until {@link Execution#execute()}. */
    public Execution start(Plan plan, RunSettings settings, List<RunListener> listeners) {
        configurationPreflight(plan, settings);
        Instant now = Instant.now();
        String runId = StateDirectory.newRunId(now);
        PlanLock lock = PlanLock.acquire(
                state, plan.name(), runId, settings.operator(), settings.host(), settings.environment());
        StateReplication replication = StateReplication.open(plan, settings.environment());
        try {
            replication.acquire(runId, holder(runId, settings));
            Path dir = state.createRunDirectory(runId);
            Files.writeString(dir.resolve(FROZEN_PLAN), redactor.redact(plan.source()));
            replication.planFrozen(redactor.redact(plan.source()));
            Journal journal = Journal.create(dir.resolve(Journal.FILE_NAME), codec, redactor, replication::journalLine);
            RunInfo info = new RunInfo(
                    runId, plan.name(), plan.sha256(), settings.mode(), settings.operator(), settings.host());
            RunSession session =
                    new RunSession(language, plan, info, dir, withJournal(journal, listeners), redactor, settings);
            session.attachObservers(settings.environment());
            session.emit(new RunStarted(
                    now,
                    runId,
                    plan.name(),
                    plan.file().toAbsolutePath().toString(),
                    plan.sha256(),
                    settings.mode().text(),
                    settings.operator(),
                    settings.host(),
                    settings.reason(),
                    plan.steps().stream().map(StepDefinition::id).toList()));
            rehearsalNotice(session, plan, settings.mode());
            return new Execution(session, settings, Set.of(), Set.of(), lock, journal, now, replication);
        } catch (IOException e) {
            closeQuietly(replication);
            closeQuietly(lock);
            throw new DrctlException(
                    ExitCode.USAGE, "cannot write run state under " + state.root() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(replication);
            closeQuietly(lock);
            throw e;
        }
    }

    /** What a resume needs to know about the run, read from its journal. */
    public record PriorRun(String runId, Path directory, JournalContents journal, RunStarted started) {
        public Path frozenPlan() {
            return directory.resolve(FROZEN_PLAN);
        }

        /** The run's last word is that it succeeded: a resume has nothing to do (unless a step is redone). */
        public boolean succeeded() {
            List<RunEvent> events = journal.events();
            return !events.isEmpty()
                    && events.getLast() instanceof RunFinished f
                    && f.outcome() == RunOutcome.SUCCEEDED;
        }
    }

    public PriorRun prior(String runId) {
        Path dir = state.runDirectory(runId);
        JournalContents contents = new JournalReader(codec).read(dir.resolve(Journal.FILE_NAME));
        RunStarted started = contents.first(RunStarted.class)
                .orElseThrow(() -> new DrctlException(
                        ExitCode.USAGE, "run " + runId + " has no start record in its journal; it cannot be resumed"));
        return new PriorRun(runId, dir, contents, started);
    }

    /**
     * Prepares the resume of a run: steps it completed are not applied again; the step that was
     * in flight starts with {@code check}. Refuses a plan whose hash changed unless accepted.
     */
    public Execution resume(
            PriorRun prior, Plan plan, boolean acceptPlanChange, RunSettings settings, List<RunListener> listeners) {
        return resume(prior, plan, acceptPlanChange, Set.of(), settings, listeners);
    }

    /**
     * {@link #resume(PriorRun, Plan, boolean, RunSettings, List)}, running the completed steps in
     * {@code redo} again: for a world that changed while the run was stopped (a fence undone by
     * hand). Each redo is journaled with who asked and why before anything runs; the reason is
     * required.
     */
    public Execution resume(
            PriorRun prior,
            Plan plan,
            boolean acceptPlanChange,
            Set<String> redo,
            RunSettings settings,
            List<RunListener> listeners) {
        return resume(prior, plan, acceptPlanChange, redo, Set.of(), settings, listeners);
    }

    /**
     * As above, and skips {@code skip}: steps that have not completed, which a person decides the
     * run goes on without (a step failing on a site that is gone). Each skip is journaled with who
     * and why before anything runs; the skipped step records no outputs, so guards that look for
     * it (a fence) find nothing proven.
     */
    public Execution resume(
            PriorRun prior,
            Plan plan,
            boolean acceptPlanChange,
            Set<String> redo,
            Set<String> skip,
            RunSettings settings,
            List<RunListener> listeners) {
        ResumePoint before = ResumePoint.of(prior.journal(), plan);
        for (String step : skip) {
            if (plan.step(step).isEmpty()) {
                throw new DrctlException(ExitCode.USAGE, "--skip " + step + ": the plan has no step '" + step + "'");
            }
            if (before.completed().contains(step)) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--skip " + step + ": step '" + step + "' has already completed in run " + prior.runId()
                                + " (--redo runs a completed step again)");
            }
            if (redo.contains(step)) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--skip " + step + " and --redo " + step + ": a step is skipped or run again, not both");
            }
        }
        if (!skip.isEmpty() && (settings.reason() == null || settings.reason().isBlank())) {
            throw new DrctlException(
                    ExitCode.USAGE, "--skip needs --reason: why the run goes on without a step is part of the record");
        }
        for (String step : redo) {
            if (plan.step(step).isEmpty()) {
                throw new DrctlException(ExitCode.USAGE, "--redo " + step + ": the plan has no step '" + step + "'");
            }
            if (!before.completed().contains(step)) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--redo " + step + ": step '" + step + "' has not completed in run " + prior.runId()
                                + ", so resume runs it anyway");
            }
        }
        if (!redo.isEmpty() && (settings.reason() == null || settings.reason().isBlank())) {
            throw new DrctlException(
                    ExitCode.USAGE, "--redo needs --reason: why a completed step runs again is part of the record");
        }
        RunStarted started = prior.started();
        boolean changed = !started.planSha256().equals(plan.sha256());
        if (changed && !acceptPlanChange) {
            throw new DrctlException(
                    ExitCode.BLOCKED,
                    "the plan changed since run " + prior.runId() + " started (sha256 "
                            + abbreviate(started.planSha256()) + " → " + abbreviate(plan.sha256())
                            + "); resume with --accept-plan-change to run the new version");
        }
        if (!prior.journal().chainVerifies()) {
            throw new DrctlException(
                    ExitCode.NEEDS_HUMAN,
                    "the journal of run " + prior.runId() + " does not verify ("
                            + prior.journal().chainError().orElse("") + "); inspect it before resuming");
        }
        Mode mode = Mode.fromText(started.mode());
        RunSettings effective = new RunSettings(
                mode,
                settings.parallelism(),
                settings.operator(),
                settings.host(),
                settings.reason(),
                settings.preApprovals(),
                settings.prompter(),
                settings.environment(),
                settings.approveCommandPrefix());
        configurationPreflight(plan, effective); // before anything is appended to the record
        PlanLock lock = PlanLock.acquire(
                state, plan.name(), prior.runId(), settings.operator(), settings.host(), settings.environment());
        StateReplication replication = StateReplication.open(plan, settings.environment());
        try {
            replication.acquire(prior.runId(), holder(prior.runId(), settings));
            Journal journal = Journal.openForAppend(
                    prior.directory().resolve(Journal.FILE_NAME),
                    prior.journal(),
                    codec,
                    redactor,
                    replication::journalLine);
            RunInfo info =
                    new RunInfo(prior.runId(), plan.name(), plan.sha256(), mode, settings.operator(), settings.host());
            RunSession session = new RunSession(
                    language, plan, info, prior.directory(), withJournal(journal, listeners), redactor, effective);
            session.attachObservers(effective.environment());
            ResumePoint point = ResumePoint.of(prior.journal(), plan);
            point.outputs().forEach(session::recordOutputs);
            Instant now = Instant.now();
            session.emit(new RunResumed(
                    now,
                    prior.runId(),
                    settings.operator(),
                    settings.host(),
                    settings.reason(),
                    changed,
                    plan.sha256()));
            rehearsalNotice(session, plan, mode);
            Set<String> completed = new HashSet<>(point.completed());
            for (Map.Entry<String, String> again :
                    redoClosure(plan, redo, completed).entrySet()) {
                String why = again.getValue() == null
                        ? settings.reason()
                        : settings.reason() + " (it needs " + again.getValue() + ", which runs again)";
                session.emit(new RunEvent.StepOverridden(
                        Instant.now(), prior.runId(), again.getKey(), "redo", settings.operator(), why));
                completed.remove(again.getKey());
            }
            Set<String> skippedEarlier = new HashSet<>(point.skipped());
            skippedEarlier.retainAll(completed);
            for (String step : new TreeSet<>(skip)) {
                session.emit(new RunEvent.StepOverridden(
                        Instant.now(), prior.runId(), step, "skip", settings.operator(), settings.reason()));
                session.emit(new RunEvent.StepSkipped(
                        Instant.now(),
                        prior.runId(),
                        step,
                        SkipReason.BY_OPERATOR,
                        "skipped by " + settings.operator() + ": " + settings.reason()));
                completed.add(step);
                skippedEarlier.add(step);
            }
            return new Execution(
                    session,
                    effective,
                    Set.copyOf(completed),
                    Set.copyOf(skippedEarlier),
                    lock,
                    journal,
                    now,
                    replication);
        } catch (IOException e) {
            closeQuietly(replication);
            closeQuietly(lock);
            throw new DrctlException(
                    ExitCode.USAGE, "cannot append to the journal of run " + prior.runId() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(replication);
            closeQuietly(lock);
            throw e;
        }
    }

    /**
     * Brings a run that is not in this state directory here from the plan's state replica (e.g.
     * the ConfigMaps of a surviving site), so that {@link #prior} and {@link #resume} can continue
     * it on this machine. Returns where it came from, or empty when the plan has no replica or the
     * replica holds no such run.
     */
    public Optional<String> restore(Plan plan, String runId, Map<String, String> environment) {
        if (!runId.matches("\\d{8}-\\d{6}-[0-9a-f]{4}")) {
            throw new DrctlException(
                    ExitCode.USAGE, "'" + runId + "' is not a run id (they look like 20261122-031500-7f3a)");
        }
        Path dir = state.runsDirectory().resolve(runId);
        try (StateReplication replication = StateReplication.open(plan, environment)) {
            try {
                Files.createDirectories(state.runsDirectory());
            } catch (IOException e) {
                throw new DrctlException(
                        ExitCode.USAGE, "cannot create " + state.runsDirectory() + ": " + e.getMessage(), e);
            }
            Optional<RestoredRun> restored = replication.restore(runId);
            if (restored.isEmpty()) {
                return Optional.empty();
            }
            writeRestored(runId, restored.get());
            return replication.where();
        }
    }

    /**
     * The run directory of a run brought from a replica, written by the engine itself: the
     * journal as the replica holds it, its head counting those lines (the replica is the record
     * now), and the frozen plan.
     */
    private void writeRestored(String runId, RestoredRun run) {
        try {
            Path dir = state.createRunDirectory(runId);
            Path journal = dir.resolve(Journal.FILE_NAME);
            Files.writeString(journal, run.journal(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(FROZEN_PLAN), run.frozenPlan(), StandardCharsets.UTF_8);
            // The head the replica kept with its lines, if any: a copy cut short then does not verify.
            JournalHead head = run.head().flatMap(JournalHead::parse).orElseGet(() -> {
                JournalContents contents = new JournalReader(codec).read(journal);
                return new JournalHead(contents.lastSeq(), contents.lastHash());
            });
            head.write(journal);
        } catch (IOException e) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "cannot write the restored run " + runId + " under " + state.root() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The steps a redo runs again: the named ones, and every completed step that needs one of
     * them, directly or not: what was decided after a step cannot stand when the step is done
     * again (an approval given after the fence, a check of it), and a step that needs it must
     * never start before it. Each maps to the redone step it follows from (null for the named).
     */
    private static Map<String, String> redoClosure(Plan plan, Set<String> redo, Set<String> completed) {
        Map<String, String> again = new LinkedHashMap<>();
        new TreeSet<>(redo).forEach(step -> again.put(step, null));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (StepDefinition step : plan.steps()) {
                if (again.containsKey(step.id()) || !completed.contains(step.id())) {
                    continue;
                }
                for (String need : step.needs()) {
                    if (again.containsKey(need)) {
                        again.put(step.id(), need);
                        grew = true;
                        break;
                    }
                }
            }
        }
        return again;
    }

    /** Everything the configuration check finds, as one exception: one line per problem, exit 78, nothing created. */
    private void configurationPreflight(Plan plan, RunSettings settings) {
        List<String> problems = ConfigurationCheck.beforeRun(plan, settings.mode(), settings.environment(), language);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /**
     * Whether a rehearsal acts on what spec.rehearsal names or on the plan's own targets, said at
     * the top of the record: "nothing real moves" must never be assumed.
     */
    private static void rehearsalNotice(RunSession session, Plan plan, Mode mode) {
        if (mode != Mode.REHEARSAL) {
            return;
        }
        String runId = session.info().runId();
        if (plan.rehearsalOverrides().isEmpty()) {
            session.emit(
                    new RunEvent.Notice(
                            Instant.now(),
                            runId,
                            null,
                            "warning",
                            "rehearsal",
                            "this rehearsal acts on the "
                                    + "plan's own targets: the plan has no spec.rehearsal naming staging sites, databases or zones"));
        } else {
            session.emit(new RunEvent.Notice(
                    Instant.now(),
                    runId,
                    null,
                    "info",
                    "rehearsal",
                    "rehearsal targets from " + "spec.rehearsal: " + String.join(", ", plan.rehearsalOverrides())));
        }
    }

    /** Who holds a plan's lease, as another run is told. */
    private static String holder(String runId, RunSettings settings) {
        return "run " + runId + " (operator " + settings.operator() + " on host " + settings.host() + ", pid "
                + ProcessHandle.current().pid() + ")";
    }

    private static List<RunListener> withJournal(Journal journal, List<RunListener> listeners) {
        List<RunListener> all = new ArrayList<>();
        all.add(journal);
        all.addAll(listeners);
        return all;
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // releasing after a failure; the failure is what gets reported
        }
    }

    /** A prepared session of a run: {@link #execute()} it once; {@link #interrupt()} from any thread. */
    public static final class Execution {
        private final RunSession session;
        private final Scheduler scheduler;
        private final Set<String> completedEarlier;
        private final Set<String> skippedEarlier;
        private final PlanLock lock;
        private final Journal journal;
        private final Instant started;
        private final StateReplication replication;
        private final CountDownLatch finished = new CountDownLatch(1);

        private Execution(
                RunSession session,
                RunSettings settings,
                Set<String> completedEarlier,
                Set<String> skippedEarlier,
                PlanLock lock,
                Journal journal,
                Instant started,
                StateReplication replication) {
            this.session = session;
            this.scheduler = new Scheduler(session, settings.parallelism());
            this.completedEarlier = completedEarlier;
            this.skippedEarlier = skippedEarlier;
            this.lock = lock;
            this.journal = journal;
            this.started = started;
            this.replication = replication;
            replication.attach(session, scheduler::interrupt);
        }

        public String runId() {
            return session.info().runId();
        }

        public Path runDirectory() {
            return session.runDirectory();
        }

        public RunResult execute() {
            try {
                Map<String, io.drctl.engine.run.StepResult> results = scheduler.execute(completedEarlier);
                RunOutcome outcome = Scheduler.outcomeOf(results, scheduler.wasInterrupted());
                String summary = RunSummary.of(
                                session.plan().steps().stream()
                                        .map(StepDefinition::id)
                                        .toList(),
                                results,
                                completedEarlier,
                                skippedEarlier)
                        .text();
                session.emit(new RunFinished(
                        Instant.now(),
                        runId(),
                        outcome,
                        outcome.exitCode().code(),
                        Duration.between(started, Instant.now()).toMillis(),
                        summary));
                session.closeObservers();
                session.shared().close();
                return new RunResult(runId(), outcome, summary, results);
            } finally {
                replication.detach();
                closeQuietly(journal);
                closeQuietly(replication);
                closeQuietly(lock);
                finished.countDown();
            }
        }

        /** Stops the run (Ctrl-C): waits up to {@code limit} for steps to clean up and the end to be journaled. */
        public boolean interrupt(Duration limit) {
            scheduler.interrupt();
            try {
                return finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
