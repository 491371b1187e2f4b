package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.sandbox.SandboxLoader;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.DurationText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = "A simulated copy of several Kubernetes sites on this machine, for rehearsals, demos and tests.",
        subcommands = {SandboxCommand.Up.class})
public final class SandboxCommand implements Runnable {
    @ParentCommand
    DrctlCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = {
                "Start simulated sites (one mock API server each, on loopback ports) in the foreground and print "
                        + "the kubeconfig that reaches them, one context per site. Ctrl-C stops them. A simulator, not a cluster: "
                        + "workloads become ready after --controller-delay, evictions honour PodDisruptionBudgets."
            })
    public static final class Up implements Callable<Integer> {
        @ParentCommand
        SandboxCommand parent;

        @Option(
                names = "--sites",
                split = ",",
                paramLabel = "NAME",
                defaultValue = "site-a,site-b",
                description = "The sites (also the kubeconfig contexts; default: ${DEFAULT-VALUE}).")
        List<String> sites;

        @Option(
                names = "--seed",
                paramLabel = "FILE",
                description =
                        "Kubernetes manifests to create in the sites (annotation "
                                + "sandbox.drctl.io/sites: a,b limits one to some sites; sandbox.drctl.io/replicas: b=0 gives site b other replicas).")
        Path seed;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description = "Where the kubeconfig is written (default: the state directory's sandbox/).")
        Path dir;

        @Option(
                names = "--controller-delay",
                paramLabel = "DURATION",
                defaultValue = "1s",
                description =
                        "How long simulated controllers take to make status follow spec (default: ${DEFAULT-VALUE}).")
        String controllerDelay;

        @Option(
                names = "--latency",
                paramLabel = "DURATION",
                defaultValue = "0s",
                description = "Added to every answer of the API servers (default: ${DEFAULT-VALUE}).")
        String latency;

        @Option(
                names = "--nodes",
                paramLabel = "N",
                defaultValue = "0",
                description =
                        "Give each site N nodes of its own (SITE-node-1..., zones SITE-a/b/c) before seeding (default: none).")
        int nodes;

        @Option(
                names = "--fault",
                paramLabel = "SITE=FAULT",
                description = {
                    "Make a site misbehave once seeded (repeatable): dead (port closed), half-dead (/version and "
                            + "discovery answer, the rest hangs), slow[:2s] (answers late), flaky[:30%%] (that share fails with 500/429)."
                })
        Map<String, String> faults = new LinkedHashMap<>();

        @Option(
                names = "--for",
                paramLabel = "DURATION",
                description = "Stop by itself after this long (scripts, tests).")
        String stopAfter;

        static Duration duration(String option, String text) {
            if (text.equals("0s") || text.equals("0")) {
                return Duration.ZERO;
            }
            return DurationText.parse(text)
                    .orElseThrow(() -> new DrctlException(
                            ExitCode.USAGE, option + ": '" + text + "' is not a duration (500ms, 30s, 5m, 1h)"));
        }

        @Override
        public Integer call() throws InterruptedException {
            DrctlCommand root = parent.root;
            for (String s : sites) {
                if (!s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                    throw new DrctlException(
                            ExitCode.USAGE, "--sites: '" + s + "' is not a site name (lower-case letters, digits, -)");
                }
            }
            if (seed != null && !Files.isRegularFile(seed)) {
                throw new DrctlException(ExitCode.USAGE, "--seed: no file " + seed);
            }
            Path where = dir != null ? dir : root.stateDirectory().root().resolve("sandbox");
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("sites", List.copyOf(sites));
            options.put("controllerDelay", duration("--controller-delay", controllerDelay));
            options.put("latency", duration("--latency", latency));
            options.put("seed", seed);
            options.put("directory", where);
            options.put("faults", new LinkedHashMap<>(faults));
            if (nodes < 0) {
                throw new DrctlException(ExitCode.USAGE, "--nodes: " + nodes + " is not a count of nodes");
            }
            options.put("nodesPerSite", nodes);
            Duration limit = stopAfter == null ? null : duration("--for", stopAfter);
            SandboxLoader.Started sandbox = SandboxLoader.start(options);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        sandbox.stop().run();
                        stopped.countDown();
                    },
                    "drctl-sandbox-stop");
            if (root.environment().installSignalHandlers()) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                announce(root, sandbox);
                if (limit == null) {
                    stopped.await();
                } else {
                    stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                sandbox.stop().run();
                if (root.environment().installSignalHandlers()) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C: the hook is closing the sandbox
                    }
                }
            }
            return 0;
        }

        private static void announce(DrctlCommand root, SandboxLoader.Started sandbox) {
            PrintWriter out = root.out();
            if (root.output() == OutputFormat.JSON) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("sites", new LinkedHashMap<>(sandbox.sites()));
                data.put("kubeconfig", sandbox.kubeconfig().toString());
                new JsonLinesRenderer(out, root.redactor()).versionLine().result("sandbox.up", data);
                out.flush();
                return;
            }
            out.println("drctl sandbox: " + sandbox.sites().size()
                    + " simulated sites (mock API servers, not real clusters)");
            sandbox.sites().forEach((name, url) -> out.println("  " + name + "  " + url));
            out.println("kubeconfig: " + sandbox.kubeconfig());
            out.println("Point drctl at it (contexts are the site names):");
            out.println("  export KUBECONFIG=" + sandbox.kubeconfig());
            out.println("  or: drctl --kubeconfig " + sandbox.kubeconfig() + " plan plans/examples/k8s-failover.yaml");
            out.println("Ctrl-C stops the sandbox.");
            out.flush();
        }
    }
}
