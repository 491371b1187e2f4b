package io.drctl.adapters.kubernetes.testing;

import io.drctl.adapters.kubernetes.snapshot.SnapshotStore;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.run.ApprovalBroker.PreApprovals;
import io.drctl.engine.run.PlanPreview;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunResult;
import io.drctl.engine.run.RunSettings;
import io.drctl.engine.run.StateDirectory;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs plans through the real engine (loader, scheduler, journal) against clusters named in a
 * kubeconfig: what drctl does, minus the command line.
 */
public final class PlanRuns {
    public static final Language LANGUAGE = Language.discover(PlanRuns.class.getClassLoader());

    /** KUBECONFIG: one file, or several joined as kubectl joins them. */
    private final String kubeconfig;

    private final Path stateDir;
    private final String host;

    public PlanRuns(Path kubeconfig, Path stateDir) {
        this(kubeconfig, stateDir, "test-host");
    }

    public PlanRuns(Path kubeconfig, Path stateDir, String host) {
        this(kubeconfig.toString(), stateDir, host);
    }

    private PlanRuns(String kubeconfig, Path stateDir, String host) {
        this.kubeconfig = kubeconfig;
        this.stateDir = stateDir;
        this.host = host;
    }

    /** The same clusters, another machine: its own state directory and host name. */
    public PlanRuns elsewhere(Path otherStateDir, String otherHost) {
        return new PlanRuns(kubeconfig, otherStateDir, otherHost);
    }

    /** The same clusters and machine, with the contexts of another kubeconfig file too (KUBECONFIG=a:b). */
    public PlanRuns alsoReading(Path otherKubeconfig) {
        return new PlanRuns(kubeconfig + java.io.File.pathSeparator + otherKubeconfig, stateDir, host);
    }

    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig);
        env.put("HOME", stateDir.toString());
        env.put(SnapshotStore.STATE_DIR_VARIABLE, stateDir.toString());
        // Each simulated machine has its own machine-wide locks (two machines do not share a /tmp).
        env.put(
                io.drctl.engine.run.PlanLock.MACHINE_DIRECTORY_VARIABLE,
                stateDir.resolve("machine-locks").toString());
        return env;
    }

    public Plan load(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("plan-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return new PlanLoader(LANGUAGE).load(file);
    }

    public RunEngine engine() {
        return new RunEngine(LANGUAGE, new StateDirectory(stateDir), new Redactor());
    }

    public RunSettings settings() {
        return new RunSettings(
                Mode.FAILOVER,
                4,
                "tester",
                host,
                "test",
                new PreApprovals(true, Set.of()),
                Optional.empty(),
                environment(),
                "drctl approve");
    }

    /** A run to its end, with every event it emitted. */
    public record Outcome(RunResult result, List<RunEvent> events) {
        public <T extends RunEvent> List<T> eventsOf(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        public String describe() {
            return result.outcome() + " " + result.summary() + "\n"
                    + String.join("\n", events.stream().map(Object::toString).toList());
        }
    }

    public Outcome run(Plan plan) {
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunResult r = engine().start(plan, settings(), List.of(events::add)).execute();
        return new Outcome(r, events);
    }

    public Outcome resume(Plan plan, String runId) {
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunEngine engine = engine();
        RunResult r = engine.resume(engine.prior(runId), plan, false, settings(), List.of(events::add))
                .execute();
        return new Outcome(r, events);
    }

    public List<PlanPreview.Finding> preview(Plan plan) {
        return new PlanPreview(LANGUAGE, new Redactor())
                .preview(plan, Mode.FAILOVER, environment(), "tester", host, e -> {});
    }
}
