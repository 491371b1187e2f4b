package io.drctl.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The mock API server's store, with its objects also indexed by name. Fabric8's store finds an
 * object by testing every object it holds against the request: with 5,000 Deployments (25,000
 * objects with their ReplicaSets and pods on two sites) every GET, PATCH and create of one object
 * cost a scan of all of them, and the sandbox, not drctl, set the pace of a large failover. Here
 * a request for a named object tests only the objects of that name; lists, watches and anything
 * else go to Fabric8's own code unchanged.
 *
 * <p>The index is kept by the map Fabric8 stores into (every way it adds an object goes through
 * it); an entry Fabric8 removed some other way is checked against the map before it is used, so
 * the index can hold too much but never too little.
 */
final class IndexedStore extends KubernetesCrudDispatcher {
    private static final String NAME = "name";

    private final NameIndexedMap objects = new NameIndexedMap();
    private final Map<AttributeSet, String> synchronizedObjects = Collections.synchronizedMap(objects);

    IndexedStore() {
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, synchronizedObjects);
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

    /** A GET of one named object, found through the index; lists and watches as Fabric8 answers them. */
    @Override
    public MockResponse handleGet(String path) {
        if (path.contains("watch")) {
            return super.handleGet(path);
        }
        AttributeSet query = getAttributeExtractor().fromPath(path);
        if (singleValue(query.getAttribute(NAME)) == null) {
            return super.handleGet(path);
        }
        Map.Entry<AttributeSet, String> found = findResource(query);
        return found == null
                ? new MockResponse().setResponseCode(404)
                : new MockResponse().setResponseCode(200).setBody(found.getValue());
    }

    /** The one literal value of an attribute (a name), or null for none, several or a wildcard. */
    private static String singleValue(Attribute attribute) {
        if (attribute == null || attribute.getValues().size() != 1) {
            return null;
        }
        String value = attribute.getValues().getFirst().toString();
        return value == null || value.equals("*") ? null : value;
    }

    /** Fabric8's insertion-ordered map, with a set of keys per name beside it. */
    private static final class NameIndexedMap extends LinkedHashMap<AttributeSet, String> {
        private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

        Set<AttributeSet> named(String name) {
            return byName.getOrDefault(name, Set.of());
        }

        @Override
        public String put(AttributeSet key, String value) {
            String name = singleValue(key.getAttribute(NAME));
            if (name != null) {
                byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
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
                String name = singleValue(set.getAttribute(NAME));
                Set<AttributeSet> keys = name == null ? null : byName.get(name);
                if (keys != null) {
                    keys.remove(set);
                    if (keys.isEmpty()) {
                        byName.remove(name);
                    }
                }
            }
            return super.remove(key);
        }

        @Override
        public void clear() {
            byName.clear();
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
