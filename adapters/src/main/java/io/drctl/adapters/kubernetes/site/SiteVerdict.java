package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Sits in every request of a site's client: once the run's verdict on the site is
 * "unreachable" ({@link Cluster#remember}), every further request, of any step, even one that
 * already holds the client or runs in parallel, fails at once instead of waiting for its own
 * timeout. (The verdict itself is made where a timeout surfaces, in {@link SiteVerdictStep}
 * and {@code fromSite}: Fabric8 tells interceptors about failed connections only when it
 * retries, and drctl turns its retries off.)
 */
final class SiteVerdict implements Interceptor {
    static final String NAME = "drctl-site-verdict";
    private final Cluster cluster;

    SiteVerdict(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Fails a request at once when the site is already unreachable in this run. */
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        TargetUnreachableException verdict = cluster.verdict();
        if (verdict != null) {
            throw new AlreadyUnreachable(verdict);
        }
    }

    /** A request not sent because its site was already found unreachable in this run. */
    static final class AlreadyUnreachable extends RuntimeException {
        private final TargetUnreachableException verdict;

        AlreadyUnreachable(TargetUnreachableException verdict) {
            super(verdict.getMessage(), null, false, false);
            this.verdict = verdict;
        }

        TargetUnreachableException verdict() {
            return verdict;
        }
    }
}
