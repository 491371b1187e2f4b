package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.SiteFacet;
import java.time.Duration;

/** {@code spec.sites.<name>.kubernetes}: how drctl reaches a site's Kubernetes API server. */
public final class KubernetesSiteFacet implements SiteFacet {
    public static final String NAME = "kubernetes";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(3);

    static final Schema.Obj SCHEMA = Schema.object(
                    "The site's Kubernetes API server: a kubeconfig context (kubeconfig from "
                            + "--kubeconfig, KUBECONFIG, else ~/.kube/config) or the service account of the pod drctl runs in.")
            .optional(
                    "context",
                    Schema.string("The kubeconfig context of this site; without it (and without inCluster) the "
                                    + "kubeconfig's current context.")
                            .noSecrets())
            .optional(
                    "inCluster",
                    Schema.bool("Use the service account of the pod drctl runs in (e.g. the snapshot CronJob) "
                            + "instead of a kubeconfig."),
                    false)
            .optional(
                    "namespace",
                    Schema.string("The namespace steps on this site use when they name none.")
                            .noSecrets()
                            .pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?"))
            .optional(
                    "connectTimeout",
                    Schema.duration("How long connecting to the API server may take."),
                    DEFAULT_CONNECT_TIMEOUT)
            .optional(
                    "requestTimeout",
                    Schema.duration(
                            "How long one API request may take. The first request "
                                    + "of a run that takes longer (or is refused) marks the site unreachable for the rest of the run: a site that "
                                    + "answers the probe but hangs on everything else costs this much once per run, not per step."),
                    DEFAULT_REQUEST_TIMEOUT)
            .optional(
                    "probeTimeout",
                    Schema.duration("How long the reachability probe (GET /version, once per run) may take "
                            + "before the site counts as unreachable and its steps follow ifUnreachable."),
                    DEFAULT_PROBE_TIMEOUT);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }
}
