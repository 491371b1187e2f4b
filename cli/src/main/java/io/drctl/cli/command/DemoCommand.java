package io.drctl.cli.command;

import io.drctl.adapters.kubernetes.snapshot.SnapshotTaker;
import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.report.ObjectivesVerdict;
import io.drctl.cli.report.Reports;
import io.drctl.cli.report.RunReport;
import io.drctl.cli.sandbox.DemoLoader;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.ApprovalBroker.PreApprovals;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunResult;
import io.drctl.engine.run.RunSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The whole failover on this machine: the chat service moves from site pangyo to site gasan.",
            "Starts two simulated Kubernetes sites with the chat application, a real PostgreSQL primary at pangyo "
                    + "streaming to a standby at gasan (and the application's writes to it), then runs "
                    + "plans/examples/demo-failover.yaml: preflight, freeze pangyo, fence and promote the database, scale gasan "
                    + "from pangyo's capacity snapshot, verify, approval, DNS switch. Writes the report, stops everything it "
                    + "started (also on Ctrl-C), and exits as the run does.",
            "DNS: where BIND is installed (named, Debian's bind9) a real BIND on a loopback port is authoritative for "
                    + "example.io, the switch is an RFC 2136 update signed with TSIG and check.dns proves it; elsewhere, or "
                    + "with DRCTL_DEMO_BIND=off, the plan writes the ExternalDNS records in gasan's sandbox."
        })
public final class DemoCommand implements Callable<Integer> {
    /** The plan's preflight: the fire starts once both have passed, before anything at pangyo is touched. */
    static final Set<String> PREFLIGHT = Set.of("gasan-db-standby", "gasan-cluster-ready");

    static final String ACTIVE_SITE = "pangyo";
    static final String PASSWORD_VARIABLE = "DRCTL_DEMO_DB_PASSWORD";
    /** {@code off}: the demo's DNS stays ExternalDNS records even where BIND is installed. */
    static final String BIND_VARIABLE = "DRCTL_DEMO_BIND";

    @ParentCommand
    DrctlCommand root;

    @Option(
            names = "--lose",
            paramLabel = "SITE",
            description =
                    "The fire: SITE (pangyo) stops answering once the preflight has passed — its API server and its database.")
    String lose;

    @Option(
            names = "--half-dead",
            description = "With --lose: the site accepts connections and never answers, instead of refusing them.")
    boolean halfDead;

    @Option(
            names = "--interactive",
            description = "Ask for the approval (at the terminal, or with drctl approve) instead of granting it.")
    boolean interactive;

    @Option(
            names = "--controller-delay",
            paramLabel = "DURATION",
            defaultValue = "500ms",
            description =
                    "How long the simulated controllers take to make status follow spec (default: ${DEFAULT-VALUE}).")
    String controllerDelay;

    @Override
    public Integer call() {
        checkOptions();
        Duration delay = SandboxCommand.Up.duration("--controller-delay", controllerDelay);
        boolean text = root.output() == OutputFormat.TEXT;
        PrintWriter out = root.out();
        Path directory = root.stateDirectory().root().resolve("demo");
        if (text) {
            out.println(
                    "drctl demo: the chat service fails over from pangyo to gasan (simulated Kubernetes sites, real PostgreSQL)");
            out.print("  starting both sites, their databases and the chat application's writes... ");
            out.flush();
        }
        long startedAt = System.nanoTime();
        boolean bind = !"off".equalsIgnoreCase(root.engineEnvironment().getOrDefault(BIND_VARIABLE, ""));
        DemoLoader.World world = DemoLoader.start(directory, delay, bind);
        try {
            if (text) {
                out.printf("ready in %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
                world.sites()
                        .forEach((site, url) -> out.printf(
                                "  %-7s kubernetes %s   postgresql %s (%s)%n",
                                site,
                                url,
                                world.databases().get(site),
                                site.equals(ACTIVE_SITE) ? "primary" : "streaming standby"));
                out.println("  dns     " + world.dns());
            }
            Map<String, String> env = new HashMap<>(root.engineEnvironment());
            env.put("KUBECONFIG", world.kubeconfig().toString());
            env.put(PASSWORD_VARIABLE, world.password());
            env.putAll(world.environment());
            Plan plan = root.loader().load(world.plan());
            SnapshotTaker.Taken snapshot = SnapshotTaker.take(plan, ACTIVE_SITE, Map.copyOf(env));
            if (text) {
                out.println("  pangyo's capacity recorded ("
                        + snapshot.snapshot().workloads().size() + " workloads), as its scheduled snapshot would have");
                out.println("  plan: " + world.plan() + " (plans/examples/demo-failover.yaml)");
                out.println("  kubeconfig: " + world.kubeconfig());
                if (lose != null) {
                    out.println(
                            "  the fire: pangyo stops answering (" + lossMode() + ") once the preflight has passed");
                }
                out.println();
                out.flush();
            }
            RunResult result = run(plan, world, Map.copyOf(env));
            return finish(plan, world, result);
        } finally {
            world.stop().run();
            if (text) {
                out.println("demo: stopped both sites and their databases");
                out.flush();
            }
        }
    }

    private void checkOptions() {
        if (lose != null && !lose.equals(ACTIVE_SITE)) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "--lose: the demo can lose site '" + ACTIVE_SITE + "' (the active one), not '" + lose + "'");
        }
        if (halfDead && lose == null) {
            throw new DrctlException(
                    ExitCode.USAGE, "--half-dead says how a site is lost: use it with --lose " + ACTIVE_SITE);
        }
    }

    private String lossMode() {
        return halfDead ? "half-dead" : "dead";
    }

    private RunResult run(Plan plan, DemoLoader.World world, Map<String, String> env) {
        String reason = "drctl demo" + (lose == null ? "" : " --lose " + lose + (halfDead ? " --half-dead" : ""));
        PreApprovals approvals = interactive ? PreApprovals.NONE : new PreApprovals(true, Set.of());
        try (RunPresenter presenter = new RunPresenter(root, plan)) {
            presenter.beforeExit(world.stop());
            RunSettings settings = new RunSettings(
                    Mode.FAILOVER,
                    RunSettings.DEFAULT_PARALLELISM,
                    root.operator(null),
                    root.host(),
                    reason,
                    approvals,
                    interactive ? presenter.prompter() : Optional.empty(),
                    env,
                    root.approveCommandPrefix());
            List<RunListener> listeners = new ArrayList<>();
            for (RunListener shown : presenter.listeners()) {
                listeners.add(
                        lose == null
                                ? shown
                                : new LossTrigger(
                                        PREFLIGHT,
                                        () -> world.lose().accept(lossMode()),
                                        "pangyo stops answering now (" + lossMode()
                                                + "): its API server and its database",
                                        shown));
            }
            RunEngine engine = new RunEngine(root.language(), root.stateDirectory(), root.redactor());
            return presenter.execute(engine.start(plan, settings, listeners));
        }
    }

    /** Reports, the measured objectives and what became of the application's writes; the run's exit code. */
    private int finish(Plan plan, DemoLoader.World world, RunResult result) {
        Map<String, Object> traffic = world.traffic().get();
        var state = root.stateDirectory();
        RunReport report =
                Reports.report(state, result.runId(), root.loader(), root.engineEnvironment(), root.redactor());
        Path reports = state.root().resolve("reports");
        Path html = reports.resolve(result.runId() + ".html");
        Path markdown = reports.resolve(result.runId() + ".md");
        write(html, root.redactor().redact(Reports.render(report, Reports.Format.html)));
        write(markdown, root.redactor().redact(Reports.render(report, Reports.Format.markdown)));
        ObjectivesVerdict verdict = ObjectivesVerdict.of(state, result.runId(), plan.objectives());
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        if (root.output() == OutputFormat.JSON) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("runId", result.runId());
            data.put("outcome", outcome);
            data.put("lost", lose == null ? "none" : lose + " (" + lossMode() + ")");
            data.put("objectives", verdict.asMap());
            data.put("dataLossWindow", new LinkedHashMap<>(report.rpo()));
            data.put("acceptances", report.acceptances());
            data.put("chatMessages", traffic);
            data.put("report", Map.of("html", html.toString(), "markdown", markdown.toString()));
            new JsonLinesRenderer(root.out(), root.redactor()).result("demo.finished", data);
            return result.outcome().exitCode().code();
        }
        PrintWriter out = root.out();
        out.println();
        out.println("demo " + result.runId() + ": " + outcome);
        out.println("  "
                + (result.outcome() == RunOutcome.SUCCEEDED
                        ? verdict.text()
                        : "no RTO: the run did not complete (drctl status " + result.runId()
                                + " says where it stands)"));
        out.println("  data-loss window accepted at promotion: "
                + (report.rpo().isEmpty()
                        ? "none (no promotion)"
                        : String.join(", ", report.rpo().values())));
        report.acceptances().forEach(a -> out.println("  risk accepted: " + a));
        out.println("  " + trafficText(traffic));
        out.println("  report: " + html + " (also " + markdown.getFileName() + ")");
        out.flush();
        return result.outcome().exitCode().code();
    }

    /** The application's side of the story: what pangyo acknowledged, and whether gasan has it. */
    static String trafficText(Map<String, Object> traffic) {
        int lost = (Integer) traffic.get("lost");
        return "chat messages: " + traffic.get("acknowledged") + " acknowledged by pangyo, "
                + (lost < 0
                        ? "unknown how many of them gasan has (" + traffic.get("whyUnknown") + ")"
                        : lost + " of them missing at gasan")
                + "; " + traffic.get("refused") + " writes refused by the fence, " + traffic.get("unanswered")
                + " unanswered";
    }

    /** A report that cannot be written is said, not fatal: the run and its journal stand. */
    private void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            root.err().println("drctl: warning: cannot write the report to " + file + ": " + e.getMessage());
        }
    }
}
