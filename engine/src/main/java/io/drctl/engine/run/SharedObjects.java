package io.drctl.engine.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The objects steps of one run share (clients, reachability), closed together at its end. */
final class SharedObjects implements AutoCloseable {
    private final Map<String, Object> objects = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> create) {
        return (T) objects.computeIfAbsent(key, k -> create.get());
    }

    @Override
    public void close() {
        for (Object o : objects.values()) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing clients at the end of a run: nothing left to tell anyone
                }
            }
        }
        objects.clear();
    }
}
