package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.plan.Plan;
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
 * Whether the kubeconfig can reach every site of a plan, read from the files alone, before a run
 * record exists: a missing or unreadable kubeconfig, or a site whose context it lacks, used to
 * surface as one step failure per step after the run had started. Answers as {@link ClientFactory}
 * would (same files, same context rule, same wording), but with SnakeYAML and no client, so the
 * check costs no Fabric8 start-up and contacts nothing.
 */
final class KubeconfigContexts {
    /** One parsed file: its contexts and current context, or why it cannot be read. */
    private record Parsed(List<String> contexts, Optional<String> currentContext, Optional<String> unreadable) {}

    private KubeconfigContexts() {}

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
            return List.of("no kubeconfig for site" + (sites.size() == 1 ? " " : "s ")
                    + String.join(", ", sites.stream().map(SiteSettings::site).toList()) + " (looked at "
                    + KubeconfigFiles.candidates(environment) + "; give --kubeconfig or set KUBECONFIG)");
        }
        Map<Path, Parsed> parsed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            Parsed p = parse(file);
            parsed.put(file, p);
            p.unreadable().ifPresent(why -> problems.add("cannot read kubeconfig " + file + ": " + why));
        }
        if (!problems.isEmpty()) {
            return problems; // every site's context is in doubt while a file cannot be read
        }
        for (SiteSettings site : sites) {
            if (!hasContext(site, parsed.values())) {
                List<String> known = parsed.values().stream()
                        .flatMap(p -> p.contexts().stream())
                        .toList();
                problems.add("site " + site.site() + ": "
                        + site.context().map(c -> "context '" + c + "' is").orElse("no current context is")
                        + " not in kubeconfig " + files + " (contexts: " + String.join(", ", known) + ")");
            }
        }
        return problems;
    }

    /** The first file with a context to look for decides, as in {@link ClientFactory}. */
    private static boolean hasContext(SiteSettings site, Iterable<Parsed> files) {
        for (Parsed file : files) {
            Optional<String> wanted = site.context().or(file::currentContext).filter(c -> !c.isBlank());
            if (wanted.isPresent() && file.contexts().contains(wanted.get())) {
                return true;
            }
        }
        return false;
    }

    private static Parsed parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (document == null) {
                return new Parsed(List.of(), Optional.empty(), Optional.empty());
            }
            if (!(document instanceof Map<?, ?> root)) {
                return new Parsed(List.of(), Optional.empty(), Optional.of("not a kubeconfig (no mapping at the top)"));
            }
            List<String> contexts = new ArrayList<>();
            if (root.get("contexts") instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof Map<?, ?> context && context.get("name") instanceof String name) {
                        contexts.add(name);
                    }
                }
            }
            Optional<String> current =
                    root.get("current-context") instanceof String c ? Optional.of(c) : Optional.empty();
            return new Parsed(contexts, current, Optional.empty());
        } catch (IOException e) {
            return new Parsed(
                    List.of(), Optional.empty(), Optional.of(e.getClass().getSimpleName() + " " + e.getMessage()));
        } catch (RuntimeException e) {
            // SnakeYAML's message spans several lines with a caret drawing; its first line says what is wrong.
            String message = String.valueOf(e.getMessage());
            return new Parsed(
                    List.of(),
                    Optional.empty(),
                    Optional.of(message.lines().findFirst().orElse(message)));
        }
    }
}
