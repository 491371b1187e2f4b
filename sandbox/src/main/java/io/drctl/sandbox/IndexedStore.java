package io.drctl.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mock API server's store, with its objects also indexed by name. Fabric8's store finds an
 * object by testing every object it holds against the request: with 5,000 Deployments (25,000
 * objects with their ReplicaSets and pods on two sites) every GET, PATCH and create of one object
 * cost a scan of all of them, and the sandbox, not drctl, set the pace of a large failover. Here
 * a request for a named object tests only the objects of that name, and a list only the objects
 * of its kind (an empty collection included: Fabric8 scans every object to find none); watches,
 * and group and version documents, go to Fabric8's own code unchanged.
 *
 * <p>The index is kept by the map Fabric8 stores into: every way it adds or removes an object goes
 * through {@code put} and {@code remove}, and the ways that would not (views, compute, merge)
 * throw, so the index cannot drift from the map unnoticed.
 */
final class IndexedStore extends KubernetesCrudDispatcher {
    private static final String NAME = "name";
    private static final String NAMESPACE = "namespace";
    /** How Fabric8's attribute extractor records a label among an object's attributes. */
    private static final String LABEL_PREFIX = "labels:";
    /** What a list asks for: the resource's plural (from the path) or its kind. */
    private static final List<String> KIND_ATTRIBUTES = List.of("plural", "kind");

    private final NameIndexedMap objects = new NameIndexedMap();
    private final Map<AttributeSet, String> synchronizedObjects = Collections.synchronizedMap(objects);

    private final KubernetesResponseComposer composer = new KubernetesResponseComposer();
    private final AtomicLong resourceVersion;
    /** Fabric8's own lock: a write (remove the old key, put the new) is never seen half done. */
    private final ReadWriteLock lock;

    IndexedStore() {
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, synchronizedObjects);
            Field version = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
            version.setAccessible(true);
            resourceVersion = (AtomicLong) version.get(this);
            Field rw = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            rw.setAccessible(true);
            lock = (ReadWriteLock) rw.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "this Fabric8 mock server keeps its objects where the sandbox cannot index them: " + e, e);
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String name = singleValue(query.getAttribute(NAME));
        if (name == null) {
            return super.findResource(query);
        }
        synchronized (synchronizedObjects) {
            for (Map.Entry<AttributeSet, String> e : objects.indexed(NAME + "=" + name)) {
                if (e.getKey().matches(query)) {
                    return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
                }
            }
        }
        return null;
    }

    /**
     * A GET of one named object, or a list of one kind, found through the index; watches, and
     * API group and version documents, as Fabric8 answers them.
     */
    @Override
    public MockResponse handleGet(String path) {
        if (path.contains("watch")) {
            return super.handleGet(path);
        }
        lock.readLock().lock();
        try {
            MockResponse indexed = indexedGet(path);
            if (indexed != null) {
                return indexed;
            }
        } finally {
            lock.readLock().unlock();
        }
        return super.handleGet(path);
    }

    private MockResponse indexedGet(String path) {
        AttributeSet query = getAttributeExtractor().fromPath(path);
        if (singleValue(query.getAttribute(NAME)) != null) {
            Map.Entry<AttributeSet, String> found = findResource(query);
            return found == null
                    ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setBody(found.getValue());
        }
        return list(path, query, key -> true, item -> true);
    }

    /**
     * The objects a list without selectors at {@code path} names, kept when {@code byKey} (which
     * sees the object's stored attributes, labels among them, without reading its JSON) and then
     * {@code byItem} (its JSON) accept them; null when the path is not a list of one kind.
     */
    MockResponse list(String path, Predicate<AttributeSet> byKey, Predicate<String> byItem) {
        lock.readLock().lock();
        try {
            return list(path, getAttributeExtractor().fromPath(path), byKey, byItem);
        } finally {
            lock.readLock().unlock();
        }
    }

    private MockResponse list(
            String path, AttributeSet query, Predicate<AttributeSet> byKey, Predicate<String> byItem) {
        Listing listing = entries(path, query, byKey);
        if (listing == null) {
            return null;
        }
        List<String> items = new ArrayList<>(listing.entries().size());
        for (Map.Entry<AttributeSet, String> e : listing.entries()) {
            if (byItem.test(e.getValue())) {
                items.add(e.getValue());
            }
        }
        return new MockResponse()
                .setResponseCode(200)
                .setBody(composer.compose(items, String.valueOf(listing.resourceVersion())));
    }

    /** The objects of one list, as stored (their keys and JSON), and the store's version then. */
    record Listing(List<Map.Entry<AttributeSet, String>> entries, long resourceVersion) {}

    /**
     * The stored objects a list without selectors at {@code path} names, in the order they were
     * created: what the sandbox's own controllers read instead of asking for a list in JSON and
     * parsing every object again; null when the path is not a list of one kind.
     */
    Listing entries(String path) {
        lock.readLock().lock();
        try {
            return entries(path, getAttributeExtractor().fromPath(path), key -> true);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Listing entries(String path, AttributeSet query, Predicate<AttributeSet> byKey) {
        if (singleValue(query.getAttribute(NAME)) != null) {
            return null;
        }
        String namespace = singleValue(query.getAttribute(NAMESPACE));
        for (String attribute : KIND_ATTRIBUTES) {
            String kind = singleValue(query.getAttribute(attribute));
            if (kind == null) {
                continue;
            }
            // A namespace's objects through their own index: a list of 250 Deployments of one
            // namespace no longer tests the 5,000 of the site.
            String indexKey = attribute + "=" + kind + (namespace == null ? "" : "/" + NAMESPACE + "=" + namespace);
            List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
            long version;
            synchronized (synchronizedObjects) {
                for (Map.Entry<AttributeSet, String> e : objects.indexed(indexKey)) {
                    if (e.getKey().matches(query) && byKey.test(e.getKey())) {
                        found.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
                    }
                }
                version = resourceVersion.get();
            }
            if (found.isEmpty() && !isCollection(path, attribute, kind)) {
                return null;
            }
            return new Listing(found, version);
        }
        return null;
    }

    /** The value of label {@code key} as the store recorded it for the object, or null when it has none. */
    static String label(AttributeSet object, String key) {
        return singleValue(object.getAttribute(LABEL_PREFIX + key));
    }

    /**
     * Whether {@code path} lists a collection of {@code kind} ({@code /api/v1/pods},
     * {@code /apis/apps/v1/namespaces/x/deployments}), not an API group or version document:
     * an empty collection is answered here, without Fabric8's scan of every object stored.
     */
    static boolean isCollection(String path, String attribute, String kind) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        long segments = bare.chars().filter(c -> c == '/').count();
        boolean deepEnough = bare.startsWith("/api/") ? segments >= 3 : bare.startsWith("/apis/") && segments >= 4;
        return "plural".equals(attribute) && deepEnough && bare.endsWith("/" + kind);
    }

    /** The one literal value of an attribute (a name), or null for none, several or a wildcard. */
    private static String singleValue(Attribute attribute) {
        if (attribute == null || attribute.getValues().size() != 1) {
            return null;
        }
        String value = attribute.getValues().getFirst().toString();
        return value == null || value.equals("*") ? null : value;
    }

    /**
     * Fabric8's insertion-ordered map, with its entries also kept per name, per kind (plural and
     * kind) and per kind and namespace; each index holds the stored JSON beside the key, so a
     * list reads it without hashing every key into the map again.
     */
    private static final class NameIndexedMap extends LinkedHashMap<AttributeSet, String> {
        private final Map<String, Map<AttributeSet, String>> index = new HashMap<>();

        Collection<Map.Entry<AttributeSet, String>> indexed(String indexKey) {
            Map<AttributeSet, String> entries = index.get(indexKey);
            return entries == null ? List.of() : entries.entrySet();
        }

        private static List<String> indexKeys(AttributeSet key) {
            List<String> keys = new ArrayList<>(5);
            String name = singleValue(key.getAttribute(NAME));
            if (name != null) {
                keys.add(NAME + "=" + name);
            }
            String namespace = singleValue(key.getAttribute(NAMESPACE));
            for (String attribute : KIND_ATTRIBUTES) {
                String kind = singleValue(key.getAttribute(attribute));
                if (kind != null) {
                    keys.add(attribute + "=" + kind);
                    if (namespace != null) {
                        keys.add(attribute + "=" + kind + "/" + NAMESPACE + "=" + namespace);
                    }
                }
            }
            return keys;
        }

        @Override
        public String put(AttributeSet key, String value) {
            for (String k : indexKeys(key)) {
                index.computeIfAbsent(k, n -> new LinkedHashMap<>()).put(key, value);
            }
            return super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends AttributeSet, ? extends String> m) {
            m.forEach(this::put);
        }

        @Override
        public String putIfAbsent(AttributeSet key, String value) {
            String current = get(key);
            return current == null ? put(key, value) : current;
        }

        @Override
        public String remove(Object key) {
            if (key instanceof AttributeSet set) {
                for (String k : indexKeys(set)) {
                    Map<AttributeSet, String> entries = index.get(k);
                    if (entries != null) {
                        entries.remove(set);
                        if (entries.isEmpty()) {
                            index.remove(k);
                        }
                    }
                }
            }
            return super.remove(key);
        }

        @Override
        public void clear() {
            index.clear();
            super.clear();
        }

        // Ways of changing the map that would bypass the index: Fabric8 does not use them; fail loudly if it starts to.
        @Override
        public Set<Map.Entry<AttributeSet, String>> entrySet() {
            return Collections.unmodifiableSet(super.entrySet());
        }

        @Override
        public Set<AttributeSet> keySet() {
            return Collections.unmodifiableSet(super.keySet());
        }

        @Override
        public Collection<String> values() {
            return Collections.unmodifiableCollection(super.values());
        }

        @Override
        public String compute(AttributeSet key, BiFunction<? super AttributeSet, ? super String, ? extends String> f) {
            throw new UnsupportedOperationException("compute bypasses the sandbox's name index");
        }

        @Override
        public String computeIfAbsent(AttributeSet key, Function<? super AttributeSet, ? extends String> f) {
            throw new UnsupportedOperationException("computeIfAbsent bypasses the sandbox's name index");
        }

        @Override
        public String merge(
                AttributeSet key, String value, BiFunction<? super String, ? super String, ? extends String> f) {
            throw new UnsupportedOperationException("merge bypasses the sandbox's name index");
        }
    }
}
