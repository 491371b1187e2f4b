package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.StepFailedException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The one place that decides which kubeconfig file and context a site uses, and why none can be
 * used: no kubeconfig, a file that cannot be read, the context not there, or a context whose
 * cluster (in the same file, where the client reads it) has no server. {@link ClientFactory}
 * asks {@link #locate} before it builds a client; run, resume and preflight ask {@link #problems}
 * for every site before a run record exists. Read from the files alone, with SnakeYAML: the check
 * costs no Fabric8 start-up and contacts nothing.
 *
 * <p>Rule, as before: files in {@code KUBECONFIG} order ({@link KubeconfigFiles}); in each, the
 * site's {@code context} (or the file's current context when the site names none); the first
 * file that has it decides.
 */
final class KubeconfigContexts {
    /** Where a site's context is: the file that has it, and its name. */
    record Located(Path file, String context) {}

    /** One parsed file: context → cluster, cluster → server, its current context, or why it cannot be read. */
    private record Parsed(
            Path file,
            Map<String, String> contextClusters,
            Map<String, String> clusterServers,
            Optional<String> currentContext,
            Optional<String> unreadable) {
        static Parsed unreadable(Path file, String why) {
            return new Parsed(file, Map.of(), Map.of(), Optional.empty(), Optional.of(why));
        }
    }

    /** A site's context found, or the one-line reason it cannot be used. */
    private sealed interface Lookup {
        record Found(Located located) implements Lookup {}

        record Problem(String text) implements Lookup {}
    }

    private KubeconfigContexts() {}

    /** The file and context {@code site} uses; otherwise fails with the same line {@link #problems} gives. */
    static Located locate(SiteSettings site, Map<String, String> environment) throws StepFailedException {
        List<Path> files = KubeconfigFiles.existing(environment);
        if (files.isEmpty()) {
            throw new StepFailedException(noKubeconfig(List.of(site.site()), environment));
        }
        List<Parsed> parsed = files.stream().map(KubeconfigContexts::parse).toList();
        for (Parsed p : parsed) {
            if (p.unreadable().isPresent()) {
                throw new StepFailedException("site " + site.site() + ": " + cannotRead(p));
            }
        }
        return switch (lookup(site, parsed)) {
            case Lookup.Found found -> found.located();
            case Lookup.Problem problem -> throw new StepFailedException(problem.text());
        };
    }

    /** Every reason the plan's sites cannot use the kubeconfig, one line each (none: all can). */
    static List<String> problems(Plan plan, Map<String, String> environment) {
        List<SiteSettings> sites = plan.sites().keySet().stream()
                .flatMap(site -> SiteSettings.of(plan, site).stream())
                .filter(settings -> !settings.inCluster())
                .toList();
        if (sites.isEmpty()) {
            return List.of();
        }
        List<Path> files = KubeconfigFiles.existing(environment);
        if (files.isEmpty()) {
            return List.of(noKubeconfig(sites.stream().map(SiteSettings::site).toList(), environment));
        }
        List<Parsed> parsed = files.stream().map(KubeconfigContexts::parse).toList();
        List<String> problems = new ArrayList<>();
        parsed.stream().filter(p -> p.unreadable().isPresent()).forEach(p -> problems.add(cannotRead(p)));
        if (!problems.isEmpty()) {
            return problems; // every site's context is in doubt while a file cannot be read
        }
        for (SiteSettings site : sites) {
            if (lookup(site, parsed) instanceof Lookup.Problem problem) {
                problems.add(problem.text());
            }
        }
        return problems;
    }

    private static Lookup lookup(SiteSettings site, List<Parsed> files) {
        List<String> known = new ArrayList<>();
        for (Parsed file : files) {
            known.addAll(file.contextClusters().keySet());
            Optional<String> wanted = site.context().or(file::currentContext).filter(c -> !c.isBlank());
            if (wanted.isEmpty()) {
                continue;
            }
            String context = wanted.get();
            if (!file.contextClusters().containsKey(context)) {
                continue;
            }
            String cluster = file.contextClusters().get(context);
            String server = file.clusterServers().get(cluster);
            if (server == null || server.isBlank()) {
                return new Lookup.Problem("site " + site.site() + ": context '" + context + "' in kubeconfig "
                        + file.file() + " names cluster '" + cluster + "', which "
                        + (file.clusterServers().containsKey(cluster)
                                ? "has no server"
                                : "that file does not define (drctl reads a context's cluster from its own file)"));
            }
            return new Lookup.Found(new Located(file.file(), context));
        }
        return new Lookup.Problem("site " + site.site() + ": "
                + site.context().map(c -> "context '" + c + "' is").orElse("no current context is")
                + " not in kubeconfig " + files.stream().map(Parsed::file).toList() + " (contexts: "
                + String.join(", ", known) + ")");
    }

    private static String noKubeconfig(List<String> sites, Map<String, String> environment) {
        return "no kubeconfig for site" + (sites.size() == 1 ? " " : "s ") + String.join(", ", sites) + " (looked at "
                + KubeconfigFiles.candidates(environment) + "; give --kubeconfig or set KUBECONFIG)";
    }

    private static String cannotRead(Parsed p) {
        return "cannot read kubeconfig " + p.file() + ": " + p.unreadable().orElseThrow();
    }

    private static Parsed parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (document == null) {
                return new Parsed(file, Map.of(), Map.of(), Optional.empty(), Optional.empty());
            }
            if (!(document instanceof Map<?, ?> root)) {
                return Parsed.unreadable(file, "not a kubeconfig (no mapping at the top)");
            }
            Map<String, String> contexts = new LinkedHashMap<>();
            for (Map<?, ?> entry : entries(root.get("contexts"))) {
                if (entry.get("name") instanceof String name) {
                    contexts.put(name, entry.get("context") instanceof Map<?, ?> c ? text(c.get("cluster")) : "");
                }
            }
            Map<String, String> clusters = new LinkedHashMap<>();
            for (Map<?, ?> entry : entries(root.get("clusters"))) {
                if (entry.get("name") instanceof String name) {
                    clusters.put(name, entry.get("cluster") instanceof Map<?, ?> c ? text(c.get("server")) : "");
                }
            }
            Optional<String> current =
                    root.get("current-context") instanceof String c ? Optional.of(c) : Optional.empty();
            return new Parsed(file, contexts, clusters, current, Optional.empty());
        } catch (IOException e) {
            return Parsed.unreadable(file, e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML's message spans several lines with a caret drawing; its first line says what is wrong.
            String message = String.valueOf(e.getMessage());
            return Parsed.unreadable(file, message.lines().findFirst().orElse(message));
        }
    }

    private static List<Map<?, ?>> entries(Object list) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map) {
                    out.add(map);
                }
            }
        }
        return out;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : "";
    }
}
