package io.drctl.cli.command;

import io.drctl.adapters.kubernetes.snapshot.CapacitySnapshot;
import io.drctl.adapters.kubernetes.snapshot.SnapshotSeed;
import io.drctl.adapters.kubernetes.snapshot.SnapshotTaker;
import io.drctl.cli.sandbox.SandboxLoader;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code drctl rehearse PLAN --sandbox SEED}: the plan's Kubernetes sites simulated on this
 * machine, seeded from production's shape (manifests, e.g. exported from the sites), so a plan is
 * rehearsed against that shape without touching any cluster — or from a capacity snapshot
 * ({@code drctl snapshot}'s file), which gives the counts and autoscaler bounds but not the manifests. The kubeconfig given to the run
 * names each site's context as the plan does. Only Kubernetes is simulated: a plan whose
 * rehearsal would act on databases or DNS is refused before anything starts.
 */
final class SandboxRehearsal implements AutoCloseable {
    private static final List<String> REAL_TARGET_TYPES = List.of("db.", "dns.", "check.dns");

    private final SandboxLoader.Started sandbox;
    private final Map<String, String> environment;

    private SandboxRehearsal(SandboxLoader.Started sandbox, Map<String, String> environment) {
        this.sandbox = sandbox;
        this.environment = environment;
    }

    /** Starts the sandbox for {@code plan} (read in mode rehearsal); {@code environment} is the run's, to which KUBECONFIG is set. */
    static SandboxRehearsal start(Plan plan, Path seed, Path directory, Map<String, String> environment) {
        if (!Files.isRegularFile(seed)) {
            throw new DrctlException(ExitCode.USAGE, "--sandbox: no file " + seed);
        }
        List<String> real = new ArrayList<>();
        for (StepDefinition s : plan.steps()) {
            if (s.runsIn(Mode.REHEARSAL) && REAL_TARGET_TYPES.stream().anyMatch(s.type()::startsWith)) {
                real.add(s.id() + " (" + s.type() + ")");
            }
        }
        if (!real.isEmpty()) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "--sandbox simulates Kubernetes sites only, and these steps would act on real "
                            + "databases or DNS: " + String.join(", ", real)
                            + "; mark them when: [failover], or rehearse without --sandbox "
                            + "against staging targets named in spec.rehearsal");
        }
        Map<String, String> contexts = new LinkedHashMap<>();
        plan.sites().forEach((name, site) -> {
            if (site.facets().get("kubernetes") instanceof Map<?, ?> k8s) {
                contexts.put(name, k8s.get("context") instanceof String c ? c : name);
            }
        });
        if (contexts.isEmpty()) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "--sandbox: plan " + plan.name() + " has no site with kubernetes settings to simulate");
        }
        Path manifests = manifestsOf(seed, plan, directory, environment);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("sites", List.copyOf(contexts.keySet()));
        options.put("controllerDelay", Duration.ofMillis(500));
        options.put("latency", Duration.ZERO);
        options.put("seed", manifests);
        options.put("directory", directory);
        options.put("nodesPerSite", 3);
        SandboxLoader.Started sandbox = SandboxLoader.start(options);
        try {
            Path kubeconfig = withPlanContexts(sandbox.kubeconfig(), contexts);
            Map<String, String> env = new HashMap<>(environment);
            env.put("KUBECONFIG", kubeconfig.toString());
            SandboxRehearsal rehearsal = new SandboxRehearsal(sandbox, Map.copyOf(env));
            rehearsal.snapshotDrainedSites(plan);
            return rehearsal;
        } catch (RuntimeException e) {
            sandbox.stop().run();
            throw e;
        }
    }

    /**
     * The seed's manifests: the file itself, or — for a capacity snapshot ({@code drctl snapshot}'s
     * file) — manifests made from it in production's shape, written beside the sandbox for a reader.
     */
    private static Path manifestsOf(Path seed, Plan plan, Path directory, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(seed, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrctlException(ExitCode.USAGE, "--sandbox: cannot read " + seed + ": " + e.getMessage());
        }
        if (!SnapshotSeed.isSnapshot(text)) {
            return seed;
        }
        Path made = directory.resolve("seed-from-snapshot.yaml");
        try {
            CapacitySnapshot snapshot = CapacitySnapshot.fromJson(text);
            Files.createDirectories(directory);
            Files.writeString(made, SnapshotSeed.manifests(snapshot, plan, environment), StandardCharsets.UTF_8);
            return made;
        } catch (IOException e) {
            throw new DrctlException(ExitCode.INTERNAL, "--sandbox: cannot write " + made + ": " + e.getMessage(), e);
        }
    }

    /** The sandbox's kubeconfig with a context of each name the plan uses, pointing at that site. */
    @SuppressWarnings("unchecked")
    private static Path withPlanContexts(Path kubeconfig, Map<String, String> contexts) {
        try {
            Yaml yaml = new Yaml();
            Map<String, Object> config = yaml.load(Files.readString(kubeconfig, StandardCharsets.UTF_8));
            List<Map<String, Object>> named = new ArrayList<>((List<Map<String, Object>>) config.get("contexts"));
            Map<String, Map<String, Object>> bySite = new HashMap<>();
            named.forEach(c -> bySite.put(String.valueOf(c.get("name")), c));
            contexts.forEach((site, context) -> {
                if (!bySite.containsKey(context)) {
                    named.add(
                            Map.of("name", context, "context", bySite.get(site).get("context")));
                }
            });
            config.put("contexts", named);
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Path out = kubeconfig.resolveSibling("kubeconfig-plan-contexts");
            Files.writeString(
                    out,
                    "# drctl rehearse --sandbox: the sandbox's sites under the plan's context names.\n"
                            + new Yaml(options).dump(config),
                    StandardCharsets.UTF_8);
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DrctlException(
                    ExitCode.INTERNAL, "--sandbox: cannot write the rehearsal's kubeconfig: " + e.getMessage(), e);
        }
    }

    /** The capacity of each site the plan drains, as its scheduled snapshot would have recorded it before the fire. */
    private void snapshotDrainedSites(Plan plan) {
        plan.steps().stream()
                .filter(s -> s.type().equals("k8s.drain") && s.runsIn(Mode.REHEARSAL))
                .map(s -> s.site().orElse(""))
                .filter(site -> !site.isEmpty())
                .distinct()
                .forEach(site -> SnapshotTaker.take(plan, site, environment));
    }

    Map<String, String> environment() {
        return environment;
    }

    Map<String, String> sites() {
        return sandbox.sites();
    }

    Runnable stop() {
        return sandbox.stop();
    }

    @Override
    public void close() {
        sandbox.stop().run();
    }
}
