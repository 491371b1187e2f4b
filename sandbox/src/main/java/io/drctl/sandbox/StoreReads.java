package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the controllers read from their site's store each tick, each object parsed once per
 * version instead of once per tick: a site with 5,000 Deployments holds 20,000 objects, and
 * listing and parsing them all again every tick took the sandbox's controllers most of a core
 * while drctl's requests waited for it. An object is recognised by its stored JSON: the store
 * keeps the same text until the object is written, and every write stores new text.
 *
 * <p>The controllers change some objects they read for the rest of their tick (a pod bound to a
 * node, a ReplicaSet resized, a pod marked deleted), as a real controller's cache is updated
 * before the informer hears back. Those say so with {@link #changed}: the next tick parses them
 * afresh, so what it sees is the store's, whether the write went through or not.
 */
final class StoreReads {
    private final IndexedStore store;
    private final KubernetesSerialization serialization;
    /** Per list path: each stored JSON text (by identity) and the object parsed from it. */
    private final Map<String, Map<String, HasMetadata>> parsed = new HashMap<>();

    private final Set<HasMetadata> changed = Collections.newSetFromMap(new IdentityHashMap<>());

    StoreReads(IndexedStore store, KubernetesSerialization serialization) {
        this.store = store;
        this.serialization = serialization;
    }

    /** The objects at {@code path} (a list of one kind, without selectors), in the order they were created. */
    <T extends HasMetadata> List<T> list(String path, Class<T> type) {
        IndexedStore.Listing listing = store.entries(path);
        if (listing == null) {
            throw new IllegalArgumentException(path + " is not a list of one kind");
        }
        Map<String, HasMetadata> before = parsed.getOrDefault(path, Map.of());
        Map<String, HasMetadata> now = new IdentityHashMap<>(listing.entries().size());
        List<T> out = new ArrayList<>(listing.entries().size());
        for (Map.Entry<?, String> e : listing.entries()) {
            String json = e.getValue();
            HasMetadata object = before.get(json);
            if (object == null || changed.contains(object)) {
                object = serialization.unmarshal(json, type);
            }
            now.put(json, object);
            out.add(type.cast(object));
        }
        parsed.put(path, now);
        return out;
    }

    /** Every list of this tick has been read: what the last tick changed is now parsed afresh. */
    void ticked() {
        changed.clear();
    }

    /** This tick changed {@code object} in memory: the next tick must not take it for the store's. */
    void changed(HasMetadata object) {
        changed.add(object);
    }
}
