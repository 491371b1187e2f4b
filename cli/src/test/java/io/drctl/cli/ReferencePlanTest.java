package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * plans/reference.yaml shows every field of the plan language: each property the checked-in
 * schema names (sections, site settings, the common step fields, every step type's {@code with}
 * parameters) is either set at its place in the plan, or shown as a commented-out alternative
 * ({@code # name: ...}) inside the block that would hold it (e.g. {@code # namespaces: [a, b]}
 * inside the {@code with} of a step of that type). That the plan is valid is PlansFolderTest's.
 *
 * <p>Paths are written as in the failure message: {@code spec.databases.*.appRoles} (any key of a
 * map), {@code spec.notify[].url} (any item of a list) and {@code spec.steps[k8s.drain].with.nodes}
 * (a step of that type: a list item whose {@code type} is k8s.drain).
 */
class ReferencePlanTest {
    static final Path REFERENCE = PlansFolderTest.REPO.resolve("plans/reference.yaml");

    @Test
    void every_field_of_the_schema_appears_in_the_reference_plan() throws Exception {
        Set<String> fields = schemaFields(new ObjectMapper().readTree(PlansFolderTest.SCHEMA.toFile()));
        Coverage plan = Coverage.of(Files.readString(REFERENCE));

        List<String> missing = fields.stream().filter(f -> !plan.covers(f)).toList();

        assertThat(missing)
                .as(
                        "fields of %s that plans/reference.yaml neither sets at their place nor shows as a '# name:' comment in the"
                                + " block that would hold them; add each with a comment saying what it does and its default",
                        PlansFolderTest.REPO.relativize(PlansFolderTest.SCHEMA))
                .isEmpty();
    }

    @Test
    void every_step_type_has_a_step_in_the_reference_plan() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(PlansFolderTest.SCHEMA.toFile());
        Set<String> types = new TreeSet<>();
        schema.at("/properties/spec/properties/steps/items/properties/type/enum")
                .forEach(t -> types.add(t.asText()));
        assertThat(types).as("the step types the schema lists").isNotEmpty();

        Coverage plan = Coverage.of(Files.readString(REFERENCE));
        assertThat(types.stream()
                        .filter(type -> !plan.covers("spec.steps[" + type + "]"))
                        .toList())
                .as("step types without a step in plans/reference.yaml")
                .isEmpty();
    }

    @Test
    void the_schema_walk_finds_sections_site_settings_and_every_step_types_parameters() throws Exception {
        Set<String> fields = schemaFields(new ObjectMapper().readTree(PlansFolderTest.SCHEMA.toFile()));
        // Guards the walk itself: an empty or shallow walk would make the test above pass on nothing.
        assertThat(fields)
                .contains(
                        "metadata.name",
                        "spec.sites.*.kubernetes.context",
                        "spec.databases.*.members.*.tls.caFile",
                        "spec.notify[].events",
                        "spec.state.leaseDuration",
                        "spec.steps[].retry.backoff.max",
                        "spec.steps[k8s.drain].with.nodeSelector",
                        "spec.steps[db.promote].with.maxLag.bytes",
                        "spec.steps[k8s.scale].with.replicas.fromSite",
                        "spec.steps[dns.update].with.records[].value");
        assertThat(fields).hasSizeGreaterThan(150);
    }

    @Test
    void a_field_counts_only_where_it_belongs_set_or_commented_out_in_its_own_block() {
        Coverage plan = Coverage.of("""
                spec:
                  steps:
                    - id: a
                      type: k8s.scale
                      with:
                        # namespaces: [a, b]   # instead of namespace
                        namespace: chat
                    - id: b
                      type: k8s.wait
                      # names: [x]
                      with:
                        selector: "x=y"
                  # kinds: [Deployment]
                """);

        assertThat(plan.covers("spec.steps[k8s.scale].with.namespace"))
                .as("set")
                .isTrue();
        assertThat(plan.covers("spec.steps[k8s.scale].with.namespaces"))
                .as("commented out in its with")
                .isTrue();
        assertThat(plan.covers("spec.steps[].id")).as("any step").isTrue();
        assertThat(plan.covers("spec.steps[k8s.wait].with.namespace"))
                .as("set only on another step type")
                .isFalse();
        assertThat(plan.covers("spec.steps[k8s.wait].with.names"))
                .as("commented out outside its with")
                .isFalse();
        assertThat(plan.covers("spec.steps[k8s.wait].with.kinds"))
                .as("commented out after the steps")
                .isFalse();
        assertThat(plan.covers("spec.steps[k8s.drain].with.kinds"))
                .as("no step of the type")
                .isFalse();
    }

    // --- The schema's fields -------------------------------------------------------------------

    /** Every property the schema names, as a path; properties of free-form maps ('*') and list items ('[]') included. */
    static Set<String> schemaFields(JsonNode schema) {
        Set<String> fields = new TreeSet<>();
        walk(schema, schema, List.of(), fields, 0);
        return fields;
    }

    private static void walk(JsonNode root, JsonNode node, List<String> path, Set<String> fields, int depth) {
        if (node == null || !node.isObject() || depth > 64) {
            return;
        }
        if (node.path("$ref").asText("").startsWith("#")) {
            walk(root, root.at(node.get("$ref").asText().substring(1)), path, fields, depth + 1);
        }
        node.path("properties").properties().forEach(p -> {
            List<String> at = append(path, p.getKey());
            fields.add(text(at));
            walk(root, p.getValue(), at, fields, depth + 1);
        });
        if (node.path("additionalProperties").isObject()) {
            walk(root, node.get("additionalProperties"), append(path, "*"), fields, depth + 1);
        }
        if (node.path("items").isObject()) {
            walk(root, node.get("items"), append(path, "[]"), fields, depth + 1);
        }
        for (String k : List.of("anyOf", "oneOf")) {
            node.path(k).forEach(variant -> walk(root, variant, path, fields, depth + 1));
        }
        // A step type's parameters: allOf: [{if: {properties: {type: {const: T}}}, then: {properties: {with: ...}}}]
        // on the step items, i.e. the properties of a list item whose type is T.
        node.path("allOf").forEach(branch -> {
            JsonNode type = branch.at("/if/properties/type/const");
            if (type.isTextual() && !path.isEmpty() && path.get(path.size() - 1).equals("[]")) {
                List<String> item = new ArrayList<>(path.subList(0, path.size() - 1));
                item.add("[" + type.asText() + "]");
                fields.add(text(item));
                walk(root, branch.get("then"), item, fields, depth + 1);
            } else {
                walk(root, branch, path, fields, depth + 1);
                walk(root, branch.get("then"), path, fields, depth + 1);
                walk(root, branch.get("else"), path, fields, depth + 1);
            }
        });
    }

    // --- What the plan shows -------------------------------------------------------------------

    /**
     * The plan's blocks: each key or list item with its path, its lines (from its own line to the
     * line before its next sibling) and the column its content starts at; and the names that
     * commented-out lines ({@code # name:}) show on each line. A comment line belongs to a block
     * when it is the block's first line (beside its key) or lies after it, indented at least as
     * far as the block's content, before anything indented less.
     */
    record Coverage(List<Block> blocks, String[] lines, List<Set<String>> commentedNames) {
        private static final Pattern COMMENTED_KEY = Pattern.compile("(?:^|\\s)#\\s*([A-Za-z_$][\\w$.-]*)\\s*:");

        record Block(List<String> path, int first, int last, int column) {}

        static Coverage of(String yaml) {
            String[] lines = yaml.split("\n", -1);
            List<Set<String>> names = new ArrayList<>();
            for (String line : lines) {
                Set<String> onLine = new HashSet<>();
                Matcher m = COMMENTED_KEY.matcher(line);
                while (m.find()) {
                    onLine.add(m.group(1));
                }
                names.add(onLine);
            }
            List<Block> blocks = new ArrayList<>();
            Node root = new Yaml().compose(new StringReader(yaml));
            collect(root, List.of(), 0, lines.length - 1, 0, blocks);
            return new Coverage(blocks, lines, names);
        }

        private static void collect(Node node, List<String> path, int first, int last, int column, List<Block> blocks) {
            blocks.add(new Block(path, first, last, column));
            if (node instanceof MappingNode map) {
                List<NodeTuple> tuples = map.getValue();
                for (int i = 0; i < tuples.size(); i++) {
                    NodeTuple t = tuples.get(i);
                    if (!(t.getKeyNode() instanceof ScalarNode key)) {
                        continue;
                    }
                    Node value = t.getValueNode();
                    int from = key.getStartMark().getLine();
                    int to = i + 1 < tuples.size()
                            ? tuples.get(i + 1).getKeyNode().getStartMark().getLine() - 1
                            : last;
                    boolean blockBelow = value instanceof CollectionNode<?>
                            && value.getStartMark().getLine() > from;
                    int content = blockBelow
                            ? value.getStartMark().getColumn()
                            : key.getStartMark().getColumn() + 1;
                    collect(value, append(path, key.getValue()), from, Math.max(from, to), content, blocks);
                }
            } else if (node instanceof SequenceNode seq) {
                List<Node> items = seq.getValue();
                for (int i = 0; i < items.size(); i++) {
                    Node item = items.get(i);
                    int from = item.getStartMark().getLine();
                    int to = i + 1 < items.size()
                            ? items.get(i + 1).getStartMark().getLine() - 1
                            : last;
                    collect(
                            item,
                            append(path, "[" + typeOf(item) + "]"),
                            from,
                            Math.max(from, to),
                            item.getStartMark().getColumn(),
                            blocks);
                }
            }
        }

        /** The names commented out (# name:) in a block: beside its key, or on lines of its content. */
        private boolean commentsOut(Block b, String name) {
            if (commentedNames.get(b.first()).contains(name)) {
                return true;
            }
            for (int l = b.first() + 1; l <= b.last(); l++) {
                String line = lines[l];
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() - line.stripLeading().length() < b.column()) {
                    return false; // dedented: the block has ended
                }
                if (commentedNames.get(l).contains(name)) {
                    return true;
                }
            }
            return false;
        }

        /** A list item's {@code type} (a step's type), which step-type fields are keyed by; empty for others. */
        private static String typeOf(Node item) {
            if (item instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k
                            && k.getValue().equals("type")
                            && t.getValueNode() instanceof ScalarNode v) {
                        return v.getValue();
                    }
                }
            }
            return "";
        }

        /** Set at its place, or commented out (# name:) inside a block that is its parent. */
        boolean covers(String field) {
            List<String> path = parse(field);
            if (blocks.stream().anyMatch(b -> matches(path, b.path()))) {
                return true;
            }
            if (path.isEmpty() || path.get(path.size() - 1).startsWith("[")) {
                return false; // a list item or a step type cannot be shown by a comment
            }
            String name = path.get(path.size() - 1);
            List<String> parent = path.subList(0, path.size() - 1);
            return blocks.stream().filter(b -> matches(parent, b.path())).anyMatch(b -> commentsOut(b, name));
        }

        /** '*' is any key, '[]' any list item, '[T]' an item whose type is T. */
        private static boolean matches(List<String> pattern, List<String> path) {
            if (pattern.size() != path.size()) {
                return false;
            }
            for (int i = 0; i < pattern.size(); i++) {
                String p = pattern.get(i);
                String s = path.get(i);
                boolean ok = switch (p) {
                    case "*" -> !s.startsWith("[");
                    case "[]" -> s.startsWith("[");
                    default -> p.equals(s);
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    // --- Paths: segments, shown as spec.steps[k8s.drain].with.nodes -----------------------------

    private static List<String> append(List<String> path, String segment) {
        List<String> p = new ArrayList<>(path);
        p.add(segment);
        return List.copyOf(p);
    }

    static String text(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String s : path) {
            if (!b.isEmpty() && !s.startsWith("[")) {
                b.append('.');
            }
            b.append(s);
        }
        return b.toString();
    }

    static List<String> parse(String text) {
        List<String> path = new ArrayList<>();
        Matcher m = Pattern.compile("\\[[^\\]]*]|[^.\\[]+").matcher(text);
        while (m.find()) {
            path.add(m.group());
        }
        return path;
    }
}
