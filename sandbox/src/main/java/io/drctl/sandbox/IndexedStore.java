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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The mock API server's store, with its objects also indexed by name. Fabric8's store finds an
 * object by testing every object it holds against the request: with 5,000 Deployments (25,000
 * objects with their ReplicaSets and pods on two sites) every GET, PATCH and create of one object
 * cost a scan of all of them, and the sandbox, not drctl, set the pace of a large failover. Here
 * a request for a named object tests only the objects of that name, and a list only the objects
 * of its kind; watches, and lists that find nothing, go to Fabric8's own code unchanged.
 *
 * <p>The index is kept by the map Fabric8 stores into (every way it adds an object goes through
 * it); an entry Fabric8 removed some other way is checked against the map before it is used, so
 * the index can hold too much but never too little.
 */
final class IndexedStore extends KubernetesCrudDispatcher {
    private static final String NAME = "name";
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
            for (AttributeSet key : objects.named(name)) {
                String value = objects.get(key);
                if (value != null && key.matches(query)) {
                    return new AbstractMap.SimpleImmutableEntry<>(key, value);
                }
            }
        }
        return null;
    }

    /**
     * A GET of one named object, or a list of one kind, found through the index; watches, and
     * lists that find nothing (discovery documents among them), as Fabric8 answers them.
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
        for (String attribute : KIND_ATTRIBUTES) {
            String kind = singleValue(query.getAttribute(attribute));
            if (kind != null) {
                List<String> items = new ArrayList<>();
                long version;
                synchronized (synchronizedObjects) {
                    for (AttributeSet key : objects.byAttribute(attribute, kind)) {
                        String value = objects.get(key);
                        if (value != null && key.matches(query)) {
                            items.add(value);
                        }
                    }
                    version = resourceVersion.get();
                }
                if (items.isEmpty()) {
                    return null;
                }
                return new MockResponse()
                        .setResponseCode(200)
                        .setBody(composer.compose(items, String.valueOf(version)));
            }
        }
        return null;
    }

    /** The one literal value of an attribute (a name), or null for none, several or a wildcard. */
    private static String singleValue(Attribute attribute) {
        if (attribute == null || attribute.getValues().size() != 1) {
            return null;
        }
        String value = attribute.getValues().getFirst().toString();
        return value == null || value.equals("*") ? null : value;
    }

    /** Fabric8's insertion-ordered map, with the keys per name, plural and kind beside it. */
    private static final class NameIndexedMap extends LinkedHashMap<AttributeSet, String> {
        private static final List<String> INDEXED = List.of(NAME, "plural", "kind");
        private final Map<String, Set<AttributeSet>> index = new HashMap<>();

        Set<AttributeSet> named(String name) {
            return byAttribute(NAME, name);
        }

        Set<AttributeSet> byAttribute(String attribute, String value) {
            return index.getOrDefault(attribute + "=" + value, Set.of());
        }

        @Override
        public String put(AttributeSet key, String value) {
            for (String attribute : INDEXED) {
                String v = singleValue(key.getAttribute(attribute));
                if (v != null) {
                    index.computeIfAbsent(attribute + "=" + v, n -> new LinkedHashSet<>())
                            .add(key);
                }
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
                for (String attribute : INDEXED) {
                    String v = singleValue(set.getAttribute(attribute));
                    Set<AttributeSet> keys = v == null ? null : index.get(attribute + "=" + v);
                    if (keys != null) {
                        keys.remove(set);
                        if (keys.isEmpty()) {
                            index.remove(attribute + "=" + v);
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

        // Ways of adding that would bypass the index: Fabric8 does not use them; fail loudly if it starts to.
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
