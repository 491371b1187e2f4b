package io.drctl.engine.plan.load;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Turns plan text into one YAML node tree with SnakeYAML's node API: no object is ever
 * constructed from the document, so a tag cannot make it instantiate a class. Sizes, nesting
 * and aliases are bounded so a hostile file cannot exhaust memory. Every YAML error becomes a
 * violation with a line and column.
 */
final class YamlComposer {
    static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    static final int MAX_NESTING = 50;
    static final int MAX_COLLECTION_ALIASES = 50;

    private YamlComposer() {}

    static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        // Composing does not check duplicate keys (constructing would); DocumentHygiene does.
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(true);
        // Nodes are only composed, never constructed into objects, so a tag is harmless here;
        // DocumentHygiene rejects every non-standard tag with its position, all of them at once.
        options.setTagInspector(tag -> true);
        return options;
    }

    /** The document's root node, or empty when the text holds no usable document (reported). */
    static Optional<Node> compose(String text, Violations violations) {
        // SnakeYAML counts its limit per document and not in comments; this counts everything.
        if (text.length() > MAX_CODE_POINTS && text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            violations.at(1, 1, YamlPath.ROOT, tooLarge());
            return Optional.empty();
        }
        Node root;
        try {
            root = new Yaml(options()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            report(e, violations);
            return Optional.empty();
        } catch (ReaderException e) {
            int[] at = LineColumn.ofIndex(text, e.getPosition());
            violations.at(
                    at[0],
                    at[1],
                    YamlPath.ROOT,
                    String.format("the character U+%04X is not allowed in YAML text", e.getCodePoint()));
            return Optional.empty();
        } catch (YAMLException e) {
            reportLimit(text, e, violations);
            return Optional.empty();
        }
        if (root == null) {
            violations.at(
                    1,
                    1,
                    YamlPath.ROOT,
                    "the file holds no YAML document: a plan needs apiVersion, kind, metadata and spec");
            return Optional.empty();
        }
        return Optional.of(root);
    }

    private static void report(MarkedYAMLException e, Violations violations) {
        Mark problemAt = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
        if ("but found another document".equals(problem)) {
            violations.at(
                    problemAt,
                    YamlPath.ROOT,
                    "the file holds more than one YAML document: a plan file is exactly one document (remove the '---')");
            return;
        }
        if (problem.contains("(TAB)")) {
            violations.at(
                    problemAt, YamlPath.ROOT, "YAML syntax error: a tab character here; YAML indents with spaces only");
            return;
        }
        StringBuilder message = new StringBuilder("YAML syntax error: ").append(problem.trim());
        if (e.getContext() != null) {
            message.append(" (").append(e.getContext());
            Mark contextAt = e.getContextMark();
            if (contextAt != null && contextAt != problemAt && contextAt.getIndex() != problemAt.getIndex()) {
                message.append(" that starts at ")
                        .append(contextAt.getLine() + 1)
                        .append(':')
                        .append(contextAt.getColumn() + 1);
            }
            message.append(')');
        }
        if (problem.contains("<block end>")) {
            message.append(": check the indentation of this line");
        }
        violations.at(problemAt, YamlPath.ROOT, message.toString());
    }

    private static String tooLarge() {
        return "the file is too large: a plan may hold at most " + MAX_CODE_POINTS + " characters";
    }

    /** The limits throw without a position; find where the document crossed them. */
    private static void reportLimit(String text, YAMLException e, Violations violations) {
        String raw = e.getMessage() == null ? "" : e.getMessage();
        if (raw.startsWith("Number of aliases")) {
            Mark at = LimitLocator.aliasOverflow(text, options());
            violations.at(
                    at,
                    YamlPath.ROOT,
                    "more than " + MAX_COLLECTION_ALIASES
                            + " aliases to lists or mappings: refused, as this is how 'billion laughs' files blow up memory");
        } else if (raw.startsWith("Nesting Depth")) {
            Mark at = LimitLocator.nestingOverflow(text, options());
            violations.at(
                    at,
                    YamlPath.ROOT,
                    "the document nests lists and mappings more than " + MAX_NESTING + " levels deep");
        } else if (raw.contains("exceeds the limit")) {
            violations.at(1, 1, YamlPath.ROOT, tooLarge());
        } else {
            violations.at(1, 1, YamlPath.ROOT, "malformed YAML: " + raw);
        }
    }
}
