package io.drctl.engine.spi;

import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.secret.SecretReferences.SecretResolutionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step's {@code with}, as converted by its schema (defaults filled in), with secret
 * references resolved only when a string is read. A failed resolution is a
 * {@link StepFailedException} whose message names the reference, never a value.
 */
public final class Params {
    private final Map<String, Object> values;
    private final SecretReferences secrets;

    public Params(Map<String, Object> values, SecretReferences secrets) {
        this.values = values;
        this.secrets = secrets;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public String string(String key) throws StepFailedException {
        return optionalString(key).orElseThrow(() -> new StepFailedException("parameter '" + key + "' is missing"));
    }

    public Optional<String> optionalString(String key) throws StepFailedException {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(resolve(String.valueOf(v)));
    }

    public long integer(String key, long fallback) {
        Object v = values.get(key);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        return v instanceof Boolean b ? b : fallback;
    }

    public Optional<Duration> duration(String key) {
        Object v = values.get(key);
        return v instanceof Duration d ? Optional.of(d) : Optional.empty();
    }

    public Duration duration(String key, Duration fallback) {
        return duration(key).orElse(fallback);
    }

    /** A list of strings, each resolved. */
    public List<String> strings(String key) throws StepFailedException {
        Object v = values.get(key);
        if (!(v instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(resolve(String.valueOf(o)));
        }
        return out;
    }

    /** A nested object. */
    @SuppressWarnings("unchecked")
    public Optional<Params> object(String key) {
        Object v = values.get(key);
        return v instanceof Map<?, ?> m ? Optional.of(new Params((Map<String, Object>) m, secrets)) : Optional.empty();
    }

    /** A list of nested objects. */
    @SuppressWarnings("unchecked")
    public List<Params> objects(String key) {
        Object v = values.get(key);
        if (!(v instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .filter(Map.class::isInstance)
                .map(m -> new Params((Map<String, Object>) m, secrets))
                .toList();
    }

    /** A map of string keys to strings (e.g. environment variables), values resolved. */
    public Map<String, String> stringMap(String key) throws StepFailedException {
        Object v = values.get(key);
        if (!(v instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), resolve(String.valueOf(e.getValue())));
        }
        return out;
    }

    /** The converted values as they are, secret references unresolved. */
    public Map<String, Object> raw() {
        return values;
    }

    private String resolve(String text) throws StepFailedException {
        try {
            return secrets.resolve(text);
        } catch (SecretResolutionException e) {
            throw new StepFailedException(e.getMessage());
        }
    }
}
