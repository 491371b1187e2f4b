package io.drctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fabric8's CRUD mock plus what a real API server has and it lacks: {@code /version} and
 * discovery documents, the Eviction subresource with PodDisruptionBudgets, and an optional
 * label and field selectors answered as a real server does on lists (see {@link Selectors}),
 * injected faults and latency for clients, and a count of their requests.
 */
final class SandboxDispatcher extends Dispatcher {
    private static final Pattern POD = Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+");
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction");
    private static final Pattern GRACE_QUERY = Pattern.compile("[?&]gracePeriodSeconds=(-?\\d+)");
    private static final String VERSION =
            "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0-drctl-sandbox\"," + "\"platform\":\"sandbox\"}";

    private final IndexedStore store = new IndexedStore();
    private final Kubelets kubelets = new Kubelets(store);
    private final Evictions evictions = new Evictions(store, kubelets);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where a site tells the requests it received from clients, by verb (JSON object). */
    static final String REQUESTS_PATH = "/drctl-sandbox/requests";

    private static final Duration HANG = Duration.ofHours(1);

    private final RequestCounts counts = new RequestCounts();
    private volatile Duration latency = Duration.ZERO;
    private volatile Fault fault = Fault.NONE;

    void latency(Duration latency) {
        this.latency = latency;
    }

    void fault(Fault fault) {
        this.fault = fault;
    }

    Map<String, Long> requestCounts() {
        return counts.snapshot();
    }

    Kubelets kubelets() {
        return kubelets;
    }

    IndexedStore store() {
        return store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return dispatchOrThrow(request);
        } catch (RuntimeException e) {
            // The mock never answers a request whose dispatcher threw: the client would wait for its timeout.
            return Evictions.status(500, "InternalError", "drctl sandbox: " + e);
        }
    }

    /**
     * A request of the sandbox's own work (controllers, kubelets, seeding), handed over in-process
     * ({@link StoreWrites}, {@link InProcessHttpClient}): no latency, no faults, not counted, as
     * inside a control plane.
     */
    MockResponse internal(RecordedRequest request) {
        try {
            return answer(request);
        } catch (RuntimeException e) {
            return Evictions.status(500, "InternalError", "drctl sandbox: " + e);
        }
    }

    private MockResponse dispatchOrThrow(RecordedRequest request) {
        if (request.method() == HttpMethod.GET && REQUESTS_PATH.equals(request.getPath())) {
            // For benchmarks in another process; neither counted nor subject to faults.
            return json(JSON.valueToTree(counts.snapshot()).toString());
        }
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        String verb = RequestCounts.verb(
                request.method().name(), path, q >= 0 && full.substring(q).contains("watch=true"));
        counts.count(verb);
        Fault f = fault;
        MockResponse response;
        if (f.mode() == Fault.Mode.HALF_DEAD && !verb.equals("discovery")) {
            // The answer never comes in time: the mock sends it on a timer, so no thread is held meanwhile.
            return Evictions.status(503, "ServiceUnavailable", "etcd is gone").setBodyDelay(HANG);
        }
        if (f.mode() == Fault.Mode.FLAKY && ThreadLocalRandom.current().nextInt(100) < f.failurePercent()) {
            response = ThreadLocalRandom.current().nextBoolean()
                    ? Evictions.status(500, "InternalError", "drctl sandbox: flaky site (injected failure)")
                    : Evictions.status(429, "TooManyRequests", "drctl sandbox: flaky site (injected throttling)")
                            .setHeader("Retry-After", "1");
        } else {
            response = answer(request);
        }
        Duration delay = f.mode() == Fault.Mode.SLOW ? latency.plus(f.latency()) : latency;
        if (!delay.isZero()) {
            response.setBodyDelay(delay); // the mock sends it on a timer: no thread is held
        }
        return response;
    }

    private MockResponse answer(RecordedRequest request) {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        HttpMethod method = request.method();
        if (method == HttpMethod.GET && path.equals("/version")) {
            return json(VERSION);
        }
        if (method == HttpMethod.GET) {
            Optional<String> doc = Discovery.document(path, () -> storedCustomResourceDefinitions(request));
            if (doc.isPresent()) {
                return json(doc.get());
            }
        }
        if (method == HttpMethod.DELETE && POD.matcher(path).matches()) {
            return kubelets.delete(path, gracePeriodSeconds(request, full));
        }
        Matcher eviction = EVICTION.matcher(path);
        if (method == HttpMethod.POST && eviction.matches()) {
            return evictions.evict(eviction.group(1), eviction.group(2), gracePeriodSeconds(request, full));
        }
        String type = request.getHeader("Content-Type");
        if (method == HttpMethod.PATCH && type != null && type.startsWith("application/apply-patch")) {
            return serverSideApply(request, full, path);
        }
        if (method == HttpMethod.GET
                && q >= 0
                && (full.contains("fieldSelector=") || full.contains("labelSelector="))) {
            return selected(request, full);
        }
        return store.dispatch(request);
    }

    /**
     * The grace period a delete or an eviction asks for: {@code ?gracePeriodSeconds=} (kubectl
     * --grace-period) or DeleteOptions in the body (Fabric8, evictions' deleteOptions); null
     * when it names none.
     */
    private static Long gracePeriodSeconds(RecordedRequest request, String full) {
        Matcher query = GRACE_QUERY.matcher(full);
        if (query.find()) {
            return Long.parseLong(query.group(1));
        }
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode options = JSON.readTree(body);
            JsonNode grace = options.has("deleteOptions")
                    ? options.path("deleteOptions").path("gracePeriodSeconds")
                    : options.path("gracePeriodSeconds");
            return grace.isNumber() ? grace.asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A list with label and field selectors applied here (see {@link Selectors}). A watch keeps
     * the mock's own reading: only metadata.name as field selector, set-based label selectors ignored.
     */
    private MockResponse selected(RecordedRequest request, String full) {
        int q = full.indexOf('?');
        boolean watch = full.substring(q).contains("watch=true");
        List<String> kept = new ArrayList<>();
        String labels = null;
        String fields = null;
        for (String param : full.substring(q + 1).split("&")) {
            if (param.startsWith("fieldSelector=")) {
                String value = URLDecoder.decode(param.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
                if (watch && value.matches("metadata\\.name=[^,]+")) {
                    kept.add(param);
                }
                fields = value;
            } else if (param.startsWith("labelSelector=") && !watch) {
                labels = URLDecoder.decode(param.substring("labelSelector=".length()), StandardCharsets.UTF_8);
            } else {
                kept.add(param);
            }
        }
        String stripped = full.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        if (watch) {
            return storeAnswer(request, stripped);
        }
        Selectors.LabelSelector byLabels;
        Predicate<JsonNode> byFields;
        try {
            byLabels = labels == null ? null : Selectors.labelSelector(labels);
            byFields = fields == null ? item -> true : Selectors.fields(fields);
        } catch (IllegalArgumentException e) {
            return Evictions.status(400, "BadRequest", e.getMessage());
        }
        // Labels are read from the store's record of each object, its JSON only for fields.
        MockResponse listed = store.list(
                stripped,
                byLabels == null ? key -> true : byStoredLabels(byLabels),
                fields == null
                        ? item -> true
                        : item -> {
                            try {
                                return byFields.test(JSON.readTree(item));
                            } catch (IOException e) {
                                return false;
                            }
                        });
        if (listed != null) {
            return listed.setHeader("Content-Type", "application/json");
        }
        // Not a list of one kind: the store answers, and the answer is filtered here.
        MockResponse all = storeAnswer(request, stripped);
        if (all.code() != 200) {
            return all;
        }
        Predicate<JsonNode> keep = byLabels == null ? byFields : byFields.and(Selectors.labels(labels));
        try {
            ObjectNode list = (ObjectNode) JSON.readTree(all.getBody().readUtf8());
            ArrayNode items = JSON.createArrayNode();
            list.path("items").forEach(item -> {
                if (keep.test(item)) {
                    items.add(item);
                }
            });
            list.set("items", items);
            return json(list.toString());
        } catch (IOException | ClassCastException e) {
            return Evictions.status(500, "InternalError", "drctl sandbox: cannot filter the list: " + e.getMessage());
        }
    }

    /** Fabric8's own answer to {@code request} at {@code path} (its selectors taken out), without a body. */
    private MockResponse storeAnswer(RecordedRequest request, String path) {
        return store.dispatch(new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                path,
                request.getHeaders() == null ? new Headers.Builder().build() : request.getHeaders(),
                new Buffer()));
    }

    /** A label selector tested on the labels the store recorded for an object. */
    private static Predicate<AttributeSet> byStoredLabels(Selectors.LabelSelector selector) {
        return key -> {
            Map<String, String> labels = new HashMap<>();
            for (String label : selector.keys()) {
                String value = IndexedStore.label(key, label);
                if (value != null) {
                    labels.put(label, value);
                }
            }
            return selector.matches().test(labels);
        };
    }

    /**
     * Server-side apply, simplified: the applied object is merged into the stored one (created
     * when there is none). The sandbox keeps no field ownership, so it never answers 409 for a
     * conflict; what a real API server does with managers is in docs/kubernetes.md.
     */
    private MockResponse serverSideApply(RecordedRequest request, String full, String path) {
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        Headers merge = request.getHeaders()
                .newBuilder()
                .set("Content-Type", "application/merge-patch+json")
                .build();
        MockResponse patched = store.dispatch(
                new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, full, merge, new Buffer(body)));
        if (patched.code() != 404) {
            return patched;
        }
        String collection = path.substring(0, path.lastIndexOf('/'));
        Headers create = request.getHeaders()
                .newBuilder()
                .set("Content-Type", "application/json")
                .build();
        return store.dispatch(
                new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection, create, new Buffer(body)));
    }

    /** The CustomResourceDefinitions stored in this site, read from the store as a client would. */
    private List<JsonNode> storedCustomResourceDefinitions(RecordedRequest request) {
        MockResponse all = store.dispatch(new RecordedRequest(
                request.getHttpVersion(),
                HttpMethod.GET,
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                new Headers.Builder().build(),
                new Buffer()));
        if (all.code() != 200) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(all.getBody().readUtf8()).path("items").forEach(out::add);
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }
}
