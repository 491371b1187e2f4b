package io.drctl.engine.plan.load;

/**
 * One thing wrong with a plan file: where (1-based line and column, and the YAML path such as
 * {@code spec.steps[2].with.url}) and what. {@code path} is empty when the problem is not
 * inside a value (a YAML syntax error, an empty file).
 */
public record Violation(String file, int line, int column, String path, String message) {

    /** {@code file:line:column: message (at path)}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        String at = path == null || path.isEmpty() ? "" : " (at " + path + ")";
        return file + ":" + line + ":" + column + ": " + message + at;
    }
}
