package io.drctl.adapters.kubernetes.site;

import io.drctl.adapters.kubernetes.state.StateSettings;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.spi.DependencyFinder;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API server of every site with kubernetes settings: its kubeconfig context must exist and
 * it must answer. Where its address is known without asking (the kubeconfig), it is given, so a
 * surviving site reached through the lost one (a proxy, a VPN endpoint there) is found.
 */
public final class KubernetesDependencies implements DependencyFinder {
    @Override
    public List<Dependency> find(Plan plan, Map<String, String> environment) {
        List<Dependency> out = new ArrayList<>();
        Optional<String> stateSite = StateSettings.of(plan).map(StateSettings::site);
        for (String site : plan.sites().keySet()) {
            Optional<SiteSettings> settings = SiteSettings.of(plan, site);
            if (settings.isEmpty()) {
                continue;
            }
            List<String> users = plan.steps().stream()
                    .filter(s -> site.equals(s.site()))
                    .map(StepDefinition::id)
                    .toList();
            String name = "site " + site
                    + settings.get().context().map(c -> " (context " + c + ")").orElse(" (in-cluster)");
            Optional<String> host = host(settings.get(), environment);
            out.add(new Dependency(
                    "kubernetes",
                    name,
                    Optional.of(site),
                    host,
                    users.isEmpty() ? "spec.sites" : String.join(", ", users),
                    () -> ask(settings.get(), environment)));
            if (stateSite.isPresent() && stateSite.get().equals(site)) {
                // The run's record and lease: a plan whose state lives in the site it fails over from has none on the
                // day.
                out.add(new Dependency(
                        "state",
                        "run state in site " + site,
                        Optional.of(site),
                        host,
                        "spec.state (the run's record " + "and lease)",
                        () -> ask(settings.get(), environment),
                        true));
            }
        }
        return out;
    }

    @Override
    public List<String> configurationProblems(Plan plan, Map<String, String> environment) {
        return KubeconfigContexts.problems(plan, environment);
    }

    /** The API server's host from the kubeconfig, without contacting it. */
    private static Optional<String> host(SiteSettings settings, Map<String, String> environment) {
        try (KubernetesClient client = ClientFactory.create(settings, environment)) {
            return Optional.ofNullable(client.getMasterUrl()).map(URL::getHost);
        } catch (StepException | RuntimeException e) {
            return Optional.empty(); // the probe says what is wrong
        }
    }

    private static Dependency.Answer ask(SiteSettings settings, Map<String, String> environment) {
        try (Cluster cluster = new Cluster(settings, environment)) {
            KubernetesClient client = cluster.client();
            return Dependency.Answer.answers("answers at " + client.getMasterUrl());
        } catch (TargetUnreachableException e) {
            return Dependency.Answer.unreachable(e.getMessage());
        } catch (StepException e) {
            return Dependency.Answer.misconfigured(e.getMessage());
        }
    }
}
