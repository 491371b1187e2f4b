package io.drctl.adapters.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.adapters.dns.ExternalDnsEndpoints.UnusableEndpointException;
import io.drctl.adapters.kubernetes.ResourceTypes;
import io.drctl.adapters.kubernetes.json.KubernetesJson;
import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.spi.SafetyGateException;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Name;

/**
 * A zone whose records ExternalDNS publishes from a {@code DNSEndpoint} custom resource
 * ({@code externaldns.k8s.io/v1alpha1}) in a site's cluster: drctl owns one such resource per
 * zone entry, creates it when missing, and changes only the endpoints of the RRsets a step
 * names. Writes are read-modify-write with the resourceVersion that was read (an update, not a
 * blind patch), so a concurrent change by someone else is a 409 and drctl starts over from a
 * fresh read instead of overwriting it.
 *
 * <p>What this provider reads is the DNSEndpoint, not DNS: ExternalDNS publishes it on its own
 * schedule, so there is no SOA serial to report (verify records the resource's version instead)
 * and only {@code check.dns} can prove what resolvers answer. The site's client is the run's
 * shared one ({@link Cluster}), so a dead site costs its probe once per run.
 */
final class ExternalDnsProvider implements DnsProvider {
    static final String API_VERSION = "externaldns.k8s.io/v1alpha1";
    static final String KIND = "DNSEndpoint";
    static final ResourceDefinitionContext TYPE = ResourceTypes.context(API_VERSION, KIND, "dnsendpoints", true);
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** How many times a write starts over after someone else changed the resource in between. */
    static final int WRITE_ATTEMPTS = 5;
    /** Room for the client's own timer to fire first. */
    private static final Duration GRACE = Duration.ofMillis(300);

    /** Where the resource is and what drctl puts on it when it creates it. */
    record Endpoint(
            String site,
            String namespace,
            String name,
            Map<String, String> labels,
            long defaultTtl,
            Duration publishDelay) {
        String display() {
            return KIND + " " + namespace + "/" + name + " on site " + site;
        }
    }

    private final Cluster cluster;
    private final Endpoint endpoint;
    private final Name zone;
    private final Duration timeout;
    private boolean typeServed;
    /** Runs between the read and the write of {@link #apply}: where a test plays the someone-else who writes meanwhile. */
    private Runnable beforeWrite = () -> {};

    ExternalDnsProvider(Cluster cluster, Endpoint endpoint, Name zone, Duration timeout) {
        this.cluster = cluster;
        this.endpoint = endpoint;
        this.zone = zone;
        this.timeout = timeout;
    }

    @Override
    public Name zone() {
        return zone;
    }

    @Override
    public String target() {
        return "externaldns " + endpoint.display();
    }

    @Override
    public Optional<RecordSet> read(Name name, RecordType type) throws StepException, InterruptedException {
        String what = "reading " + name + " " + type;
        Optional<GenericKubernetesResource> current = get(what);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ExternalDnsEndpoints.find(endpoints(current.get()), name, type, endpoint.defaultTtl());
        } catch (UnusableEndpointException e) {
            throw new SafetyGateException(where(what) + ": " + e.getMessage() + "; not retried");
        }
    }

    @Override
    public void apply(ZoneChange change) throws StepException, InterruptedException {
        String what = "the update of " + change.describeTargets();
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Optional<GenericKubernetesResource> current = get(what);
            GenericKubernetesResource desired = current.isPresent() ? changed(current.get(), change) : created(change);
            beforeWrite.run();
            try {
                if (current.isPresent()) {
                    call(
                            what,
                            START_OVER_ON_UPDATE,
                            client -> client.genericKubernetesResources(TYPE)
                                    .inNamespace(endpoint.namespace())
                                    .resource(desired)
                                    .update());
                } else {
                    call(
                            what,
                            START_OVER_ON_CREATE,
                            client -> client.genericKubernetesResources(TYPE)
                                    .inNamespace(endpoint.namespace())
                                    .resource(desired)
                                    .create());
                }
                return;
            } catch (HandledStatusException e) {
                // Someone changed, deleted or created the resource since drctl read it: read again, change only our
                // names again.
            }
        }
        throw new StepFailedException(where(what) + ": the resource changed under drctl " + WRITE_ATTEMPTS
                + " times in a row (409 Conflict); something else keeps writing it");
    }

    /** ExternalDNS zones have no serial drctl can read: the resource's version is reported instead (see {@link #stateOutputs}). */
    @Override
    public OptionalLong serial() {
        return OptionalLong.empty();
    }

    @Override
    public Map<String, Object> stateOutputs() throws StepException, InterruptedException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", endpoint.site());
        out.put("namespace", endpoint.namespace());
        out.put("name", endpoint.name());
        get("reading its version").ifPresent(r -> {
            out.put("resourceVersion", r.getMetadata().getResourceVersion());
            if (r.getMetadata().getGeneration() != null) {
                out.put("generation", r.getMetadata().getGeneration());
            }
        });
        out.put(
                "serial",
                "none: ExternalDNS publishes the DNSEndpoint to DNS on its own schedule; drctl cannot read "
                        + "the zone's SOA through it");
        return Map.of("dnsEndpoint", out);
    }

    @Override
    public Duration publishDelay() {
        return endpoint.publishDelay();
    }

    @Override
    public Optional<String> propagationNote() {
        return Optional.of(endpoint.display() + " holds the records; ExternalDNS publishes them on its own schedule "
                + "(its --interval or next event): prove what resolvers answer with check.dns");
    }

    /** For tests: {@code action} runs after each read of {@link #apply} and before its write. */
    ExternalDnsProvider beforeWrite(Runnable action) {
        this.beforeWrite = action;
        return this;
    }

    private GenericKubernetesResource created(ZoneChange change) {
        Map<String, String> labels = new LinkedHashMap<>(endpoint.labels());
        labels.putIfAbsent(MANAGED_BY, "drctl");
        ObjectNode spec = KubernetesJson.object();
        spec.set("endpoints", ExternalDnsEndpoints.withChange(null, change));
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(API_VERSION);
        r.setKind(KIND);
        r.setMetadata(new ObjectMetaBuilder()
                .withName(endpoint.name())
                .withNamespace(endpoint.namespace())
                .withLabels(labels)
                .build());
        r.setAdditionalProperty("spec", KubernetesJson.convert(spec, Map.class));
        return r;
    }

    /** A copy of {@code current} (its resourceVersion kept, for the optimistic lock) with the change applied to its endpoints. */
    private static GenericKubernetesResource changed(GenericKubernetesResource current, ZoneChange change) {
        ObjectNode json = KubernetesJson.tree(current);
        JsonNode spec = json.path("spec");
        ObjectNode newSpec = spec.isObject() ? (ObjectNode) spec : json.putObject("spec");
        ArrayNode endpoints = ExternalDnsEndpoints.withChange(spec.path("endpoints"), change);
        newSpec.set("endpoints", endpoints);
        // status stays as read: with a status subresource the API server ignores it, without one dropping it would
        // erase it
        return KubernetesJson.convert(json, GenericKubernetesResource.class);
    }

    private static JsonNode endpoints(GenericKubernetesResource r) {
        return KubernetesJson.tree(r).path("spec").path("endpoints");
    }

    /** The resource as it is now, or empty when it does not exist (after making sure the cluster serves the type at all). */
    private Optional<GenericKubernetesResource> get(String what) throws StepException, InterruptedException {
        GenericKubernetesResource r;
        try {
            r = call(
                    what,
                    Set.of(),
                    client -> client.genericKubernetesResources(TYPE)
                            .inNamespace(endpoint.namespace())
                            .withName(endpoint.name())
                            .get());
        } catch (HandledStatusException e) {
            throw new IllegalStateException("a read handles no status itself", e);
        }
        if (r == null && !typeServed) {
            requireTypeServed(what);
        }
        return Optional.ofNullable(r);
    }

    /**
     * A GET of a missing resource and of a type the API server does not know are both 404; a list
     * tells them apart (200, possibly empty, versus 404), so a cluster without ExternalDNS's CRD is
     * named as such instead of failing later at the create.
     */
    private void requireTypeServed(String what) throws StepException, InterruptedException {
        try {
            call(
                    what,
                    Set.of(404),
                    client -> client.genericKubernetesResources(TYPE)
                            .inNamespace(endpoint.namespace())
                            .list(new ListOptionsBuilder().withLimit(1L).build()));
            typeServed = true;
        } catch (HandledStatusException e) {
            throw new SafetyGateException(where(what) + ": the API server does not serve " + KIND + " (" + API_VERSION
                    + "): is ExternalDNS's CRD installed on site " + endpoint.site() + "? not retried");
        }
    }

    private interface ApiCall<T> {
        T call(KubernetesClient client);
    }

    /** An update finds the resource changed (409) or deleted (404) since it was read; a create finds it created (409). */
    private static final Set<Integer> START_OVER_ON_UPDATE = Set.of(409, 404);

    private static final Set<Integer> START_OVER_ON_CREATE = Set.of(409);

    /** An answer with a status the caller asked to handle itself (a write that must start over, a type not served). */
    private static final class HandledStatusException extends Exception {
        HandledStatusException(int code) {
            super("HTTP " + code, null, false, false);
        }
    }

    /** One API call, bounded by the zone's timeout whatever the site's client would wait; failures as one line. */
    private <T> T call(String what, Set<Integer> handled, ApiCall<T> call)
            throws StepException, InterruptedException, HandledStatusException {
        KubernetesClient client;
        try {
            client = cluster.client();
        } catch (TargetUnreachableException e) {
            throw new TargetUnreachableException(endpoint.site(), where(what) + ": " + e.getMessage(), e);
        } catch (StepException e) {
            throw new StepFailedException(where(what) + ": " + e.getMessage());
        }
        FutureTask<T> task = new FutureTask<>((Callable<T>) () -> call.call(client));
        Thread.ofVirtual().name("drctl-externaldns").start(task);
        try {
            return task.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new TargetUnreachableException(
                    endpoint.site(),
                    where(what) + ": " + NetworkFailures.of(e, timeout).reason());
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(what, handled, e.getCause());
        }
    }

    private StepException failure(String what, Set<Integer> handled, Throwable e) throws HandledStatusException {
        int code = e instanceof KubernetesClientException k ? k.getCode() : 0;
        if (handled.contains(code)) {
            throw new HandledStatusException(code);
        }
        if (ApiFailures.isNoAnswer(e)) {
            return new TargetUnreachableException(
                    endpoint.site(), where(what) + ": the API server did not answer (" + rootCause(e) + ")", e);
        }
        if (code == 401 || code == 403) {
            return new SafetyGateException(where(what) + ": the API server refused drctl's credentials (HTTP " + code
                    + "); they need get, list, create and update on dnsendpoints.externaldns.k8s.io in namespace "
                    + endpoint.namespace() + "; not retried");
        }
        if (code > 0) {
            KubernetesClientException k = (KubernetesClientException) e;
            String reason = k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage()
                    : "";
            return new StepFailedException(where(what) + " failed: HTTP " + code
                    + (reason.isBlank() ? "" : ": " + reason.lines().findFirst().orElse("")));
        }
        return new StepFailedException(where(what) + " failed: " + rootCause(e));
    }

    private static String rootCause(Throwable e) {
        return NetworkFailures.of(e, null).reason();
    }

    /** {@code DNSEndpoint chat/drctl-public on site gasan, reading chat.example.com. A in zone example.com.}. */
    private String where(String what) {
        return endpoint.display() + ", " + what + " in zone " + zone;
    }

    @Override
    public void close() {
        // The site's client belongs to the run (Cluster, shared): the engine closes it when the run ends.
    }
}
