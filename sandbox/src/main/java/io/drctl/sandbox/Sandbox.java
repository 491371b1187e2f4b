package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated copy of several sites on this machine (docs/architecture.md, "The sandbox"): one Fabric8 mock API server
 * (CRUD mode) per site on a loopback port, extended with the behaviour a real cluster has (see
 * {@link SandboxDispatcher}, {@link WorkloadController}), and a kubeconfig with one context per
 * site, named after it. It is a simulator and says so: its version is {@code v1.31.0-drctl-sandbox}.
 */
public final class Sandbox implements AutoCloseable {
    /** Held so the setting sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    static {
        // The mock server logs every request at INFO on stderr, which is drctl's channel for people.
        MOCK_LOG.setLevel(Level.WARNING);
        // A site made dead or stopped while clients still connect makes Netty warn, with a stack
        // trace, that it could not register an accepted channel: the simulated outage working as
        // meant, printed on the operator's stderr as if drctl had crashed.
        NETTY_LOG.setLevel(Level.SEVERE);
        // Netty (under the mock server) would call sun.misc.Unsafe, which JDK 24+ warns about on stderr.
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
    }

    private final Map<String, SandboxSite> sites = new LinkedHashMap<>();
    private final Path kubeconfig;
    private DirectoryLock lock;

    /**
     * @param sites           site names (also the kubeconfig contexts)
     * @param controllerDelay how long the simulated controllers take to make status follow spec
     * @param directory       where the kubeconfig is written
     */
    public record Options(
            List<String> sites,
            Duration controllerDelay,
            Duration latency,
            Optional<Path> seed,
            Path directory,
            Map<String, Fault> faults,
            int nodesPerSite) {
        public Options {
            if (nodesPerSite < 0) {
                throw new IllegalArgumentException("nodes per site: " + nodesPerSite + " is not a count of nodes");
            }
            sites = List.copyOf(sites);
            faults = Map.copyOf(faults);
            for (String site : faults.keySet()) {
                if (!sites.contains(site)) {
                    throw new IllegalArgumentException(
                            "a fault for site '" + site + "', which is not one of the sites " + sites);
                }
            }
        }

        public Options(
                List<String> sites, Duration controllerDelay, Duration latency, Optional<Path> seed, Path directory) {
            this(sites, controllerDelay, latency, seed, directory, Map.of(), 0);
        }

        public static Options of(Path directory, String... sites) {
            return new Options(List.of(sites), Duration.ofMillis(300), Duration.ZERO, Optional.empty(), directory);
        }

        public Options controllerDelay(Duration d) {
            return new Options(sites, d, latency, seed, directory, faults, nodesPerSite);
        }

        public Options latency(Duration d) {
            return new Options(sites, controllerDelay, d, seed, directory, faults, nodesPerSite);
        }

        public Options seed(Path file) {
            return new Options(sites, controllerDelay, latency, Optional.of(file), directory, faults, nodesPerSite);
        }

        /**
         * Each site gets {@code n} nodes of its own, {@code SITE-node-1}…, spread over three zones
         * ({@code topology.kubernetes.io/zone: SITE-a|b|c}), before the seed is loaded.
         */
        public Options nodesPerSite(int n) {
            return new Options(sites, controllerDelay, latency, seed, directory, faults, n);
        }

        /** The site misbehaves from the start (after seeding), as {@code fault} says. */
        public Options fault(String site, Fault fault) {
            Map<String, Fault> more = new LinkedHashMap<>(faults);
            more.put(site, fault);
            return new Options(sites, controllerDelay, latency, seed, directory, more, nodesPerSite);
        }
    }

    private Sandbox(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public static Sandbox start(Options options) {
        if (options.sites().isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs at least one site");
        }
        Sandbox sandbox = new Sandbox(options.directory().resolve("kubeconfig"));
        try {
            // Two sandboxes never share a directory: the second would overwrite the first's kubeconfig.
            sandbox.lock = DirectoryLock.take(options.directory());
            for (String name : options.sites()) {
                SandboxSite site = new SandboxSite(name, options.controllerDelay());
                sandbox.sites.put(name, site);
                site.latency(options.latency());
            }
            if (options.nodesPerSite() > 0) {
                sandbox.sites.values().forEach(site -> site.addNodes(options.nodesPerSite()));
            }
            if (options.seed().isPresent()) {
                SeedManifests.apply(options.seed().get(), sandbox);
            }
            options.faults().forEach((site, fault) -> sandbox.site(site).fault(fault));
            // Last: whoever waits for the kubeconfig finds the sites ready and seeded.
            sandbox.writeKubeconfig();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public SandboxSite site(String name) {
        SandboxSite s = sites.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no sandbox site " + name + " (sites: " + sites.keySet() + ")");
        }
        return s;
    }

    public List<SandboxSite> sites() {
        return new ArrayList<>(sites.values());
    }

    private void writeKubeconfig() {
        var config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .withCurrentContext(sites.keySet().iterator().next());
        config.addToUsers(new NamedAuthInfoBuilder()
                .withName("drctl-sandbox")
                .withNewUser()
                .withToken("sandbox")
                .endUser()
                .build());
        for (SandboxSite s : sites.values()) {
            config.addToClusters(new NamedClusterBuilder()
                    .withName(s.name())
                    .withNewCluster()
                    .withServer(s.url())
                    .endCluster()
                    .build());
            config.addToContexts(new NamedContextBuilder()
                    .withName(s.name())
                    .withNewContext()
                    .withCluster(s.name())
                    .withUser("drctl-sandbox")
                    .withNamespace("default")
                    .endContext()
                    .build());
        }
        try {
            Files.createDirectories(kubeconfig.getParent());
            Path partial = kubeconfig.resolveSibling(kubeconfig.getFileName() + ".partial");
            Files.writeString(
                    partial,
                    "# drctl sandbox: simulated sites on loopback ports; not a real cluster.\n"
                            + Serialization.asYaml(config.build()),
                    StandardCharsets.UTF_8);
            Files.move(partial, kubeconfig, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox kubeconfig " + kubeconfig, e);
        }
    }

    @Override
    public void close() {
        sites.values().forEach(SandboxSite::close);
        if (lock != null) {
            lock.close();
        }
    }
}
