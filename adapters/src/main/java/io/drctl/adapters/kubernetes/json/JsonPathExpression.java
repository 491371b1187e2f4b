package io.drctl.adapters.kubernetes.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of kubectl's JSONPath that conditions on resources need:
 * {@code {.status.phase}}, {@code .status.conditions[?(@.type=="Ready")].status},
 * {@code .spec.containers[0].image}, {@code .items[*].metadata.name}. Braces and a leading
 * {@code $} are optional.
 */
public final class JsonPathExpression {
    private static final Pattern FILTER =
            Pattern.compile("\\?\\(@\\.([A-Za-z0-9_.\\-/]+)\\s*(==|!=)\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\\s]+))\\)");

    private sealed interface Segment {}

    private record Field(String name) implements Segment {}

    private record Index(int index) implements Segment {}

    private record Wildcard() implements Segment {}

    private record Filter(String path, boolean equals, String value) implements Segment {}

    private final String text;
    private final List<Segment> segments;

    private JsonPathExpression(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    public String text() {
        return text;
    }

    public static JsonPathExpression parse(String text) throws IllegalArgumentException {
        String t = text.trim();
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < t.length() && t.charAt(end) != '.' && t.charAt(end) != '[') {
                    end++;
                }
                String name = t.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty field name at " + i + " in '" + text + "'");
                }
                segments.add(new Field(name));
                i = end;
            } else if (c == '[') {
                int end = t.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in '" + text + "'");
                }
                String inner = t.substring(i + 1, end).trim();
                Matcher m;
                if (inner.equals("*")) {
                    segments.add(new Wildcard());
                } else if (inner.matches("\\d+")) {
                    segments.add(new Index(Integer.parseInt(inner)));
                } else if ((m = FILTER.matcher(inner)).matches()) {
                    String v = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
                    segments.add(new Filter(m.group(1), m.group(2).equals("=="), v));
                } else {
                    throw new IllegalArgumentException(
                            "cannot read [" + inner + "] in '" + text + "' (write [0], [*] or [?(@.type==\"Ready\")])");
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("expected . or [ at " + i + " in '" + text + "'");
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' selects nothing");
        }
        return new JsonPathExpression(text, List.copyOf(segments));
    }

    /** Every node the path reaches in {@code root}. */
    public List<JsonNode> evaluate(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Segment s : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                switch (s) {
                    case Field f -> {
                        if (n.has(f.name())) {
                            next.add(n.get(f.name()));
                        }
                    }
                    case Index x -> {
                        if (n.isArray() && n.size() > x.index()) {
                            next.add(n.get(x.index()));
                        }
                    }
                    case Wildcard w -> n.forEach(next::add);
                    case Filter f ->
                        n.forEach(item -> {
                            JsonNode v = item;
                            for (String part : f.path().split("\\.")) {
                                v = v.path(part);
                            }
                            boolean same = !v.isMissingNode() && v.asText().equals(f.value());
                            if (same == f.equals()) {
                                next.add(item);
                            }
                        });
                }
            }
            current = next;
        }
        return current;
    }

    /** The values as text, joined by spaces, as kubectl prints them. */
    public String evaluateText(JsonNode root) {
        return String.join(
                " ",
                evaluate(root).stream()
                        .map(n -> n.isValueNode() ? n.asText() : n.toString())
                        .toList());
    }
}
