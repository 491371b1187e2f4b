package io.drctl.adapters.kubernetes.site;

import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One site's API server for the length of a run (or preview): its client, created on first use,
 * and one verdict on its reachability for the whole run. The verdict is "unreachable" as soon
 * as the probe ({@code GET /version}) or any later request of any step times out or is refused
 * ({@link SiteVerdict}); from then on every request to the site fails at once, and the verdict
 * is journaled once, as a notice of the step that was running. Steps share the cluster through
 * {@link StepContext#shared}, so a dead or half-dead site costs at most one timeout per run,
 * not one per step or per call; the engine closes it when the run ends.
 */
public final class Cluster implements AutoCloseable {
    private final SiteSettings settings;
    private final Map<String, String> env;
    private KubernetesClient client;
    private StepException failure;
    private boolean probed;
    private volatile TargetUnreachableException verdict;
    private volatile StepContext reporter;
    private boolean announced;
    /** Discovery answers, by apiVersion, asked once per run. */
    private final Map<String, List<APIResource>> discovery = new ConcurrentHashMap<>();

    /** Asks {@code ask} for what {@code apiVersion} serves the first time only in this run. */
    public List<APIResource> discovery(String apiVersion, Discovery ask) throws StepException {
        List<APIResource> known = discovery.get(apiVersion);
        if (known == null) {
            known = ask.resources();
            discovery.put(apiVersion, known);
        }
        return known;
    }

    /** A discovery request. */
    @FunctionalInterface
    public interface Discovery {
        List<APIResource> resources() throws StepException;
    }

    public Cluster(SiteSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = env;
    }

    /** The shared cluster of {@code site} in this run; a step on a site without a kubernetes facet is a plan bug the loader catches. */
    public static Cluster of(StepContext ctx, String site) throws StepFailedException {
        SiteSettings s = SiteSettings.of(ctx.plan(), site)
                .orElseThrow(() -> new StepFailedException(
                        "site " + site + " has no kubernetes settings (spec.sites." + site + ".kubernetes)"));
        Cluster cluster = ctx.shared("kubernetes.cluster." + site, () -> new Cluster(s, ctx.environment()));
        cluster.reporter = ctx;
        return cluster;
    }

    /** The run's verdict that this site is unreachable, or null while it has answered everything asked. */
    public TargetUnreachableException verdict() {
        return verdict;
    }

    /** Keeps {@code found} as the run's verdict on this site (the first verdict stands); returns the verdict. */
    public TargetUnreachableException remember(TargetUnreachableException found) {
        return record(found);
    }

    private TargetUnreachableException record(TargetUnreachableException found) {
        StepContext tell;
        synchronized (this) {
            if (verdict != null) {
                return verdict;
            }
            verdict = found;
            tell = announced ? null : reporter;
            announced = true;
        }
        if (tell != null) {
            tell.progress(found.getMessage() + "; site " + site() + " counts as unreachable for the rest of this run");
        }
        return found;
    }

    public SiteSettings settings() {
        return settings;
    }

    public String site() {
        return settings.site();
    }

    /** The client of a site that answered its probe; the probe's verdict is kept for the run. */
    public synchronized KubernetesClient client() throws StepException {
        if (failure != null) {
            throw failure;
        }
        if (verdict != null) {
            throw verdict;
        }
        if (client == null) {
            try {
                client = ClientFactory.create(settings, env, new SiteVerdict(this));
            } catch (StepFailedException e) {
                failure = e;
                throw e;
            }
        }
        if (!probed) {
            probe();
            probed = true;
        }
        return client;
    }

    /** Whether the site answers, without failing: for {@code {fromSite: X}}, which falls back to a snapshot. */
    public boolean answers() {
        try {
            client();
            return true;
        } catch (StepException e) {
            return false;
        }
    }

    private void probe() throws StepException {
        String url = client.getMasterUrl().toString();
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri((url.endsWith("/") ? url : url + "/") + "version")
                .timeout(settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build();
        CompletableFuture<HttpResponse<String>> answer = client.getHttpClient().sendAsync(request, String.class);
        String limit = DurationText.format(settings.probeTimeout());
        try {
            HttpResponse<String> response = answer.get(settings.probeTimeout().toMillis() + 250, TimeUnit.MILLISECONDS);
            if (response.code() == 401 || response.code() == 403) {
                failure = new StepFailedException("site " + site() + ": the API server at " + url
                        + " refused drctl's credentials (" + response.code() + ")");
                throw failure;
            }
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw record(new TargetUnreachableException(
                    site(), "site " + site() + " (" + url + ") did not answer /version within " + limit));
        } catch (ExecutionException e) {
            NetworkFailures.Verdict v = NetworkFailures.of(e.getCause(), settings.probeTimeout());
            if (v.kind() == NetworkFailures.Kind.FAILED) {
                // It answered, but drctl cannot talk to it (a certificate it does not trust): a
                // configuration to fix, which ifUnreachable: skip must not hide.
                failure = new StepFailedException("site " + site() + " (" + url + "): " + v.reason());
                throw failure;
            }
            throw record(new TargetUnreachableException(
                    site(), "site " + site() + " (" + url + ") is unreachable: " + v.reason()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted while probing site " + site());
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
