package io.drctl.engine.plan;

/** Where something stands in a plan file: 1-based line and column, and its YAML path. */
public record SourcePosition(String file, int line, int column, String path) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
