package io.drctl.engine.plan.load;

/**
 * Where a value stands in the plan, written the way people and adapters write it:
 * {@code spec.steps[2].with.records[0].ttl}. Keys are joined with dots as they are, so the
 * paths adapters build by concatenation ({@code "members." + site}) find the same nodes.
 */
record YamlPath(String text) {
    static final YamlPath ROOT = new YamlPath("");

    YamlPath key(String key) {
        return new YamlPath(text.isEmpty() ? key : text + "." + key);
    }

    YamlPath index(int index) {
        return new YamlPath(text + "[" + index + "]");
    }

    /** Appends a path relative to this one, e.g. {@code records[1].type}. */
    YamlPath resolve(String relative) {
        if (relative == null || relative.isEmpty()) {
            return this;
        }
        if (relative.startsWith("[") || text.isEmpty()) {
            return new YamlPath(text + relative);
        }
        return new YamlPath(text + "." + relative);
    }

    boolean isRoot() {
        return text.isEmpty();
    }

    /** The path without its last key or index; the root is its own parent. */
    YamlPath parent() {
        int cut = Math.max(text.lastIndexOf('.'), text.lastIndexOf('['));
        return cut <= 0 ? ROOT : new YamlPath(text.substring(0, cut));
    }

    @Override
    public String toString() {
        return text;
    }
}
