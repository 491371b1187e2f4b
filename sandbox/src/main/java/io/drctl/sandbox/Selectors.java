package io.drctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label and field selectors as the API server reads them, which Fabric8's mock does not: it
 * ignores set-based label selectors (answering with everything) and answers field selectors
 * other than {@code metadata.name} with nothing. The sandbox asks its store for the whole list
 * and filters it here.
 */
final class Selectors {
    private static final Pattern SET =
            Pattern.compile("\\s*(!?)([^\\s!=(),]+)\\s*(?:(in|notin)\\s*\\(([^)]*)\\))?\\s*");
    private static final Pattern EQUALITY = Pattern.compile("\\s*([^\\s!=(),]+)\\s*(==|=|!=)\\s*([^\\s,]*)\\s*");

    private Selectors() {}

    /**
     * A parsed label selector: the label keys it reads (an object's other labels cannot change
     * its answer) and whether a set of labels satisfies it.
     */
    record LabelSelector(Set<String> keys, Predicate<Map<String, String>> matches) {}

    /** A label selector ({@code a=b,c!=d,e in (f,g),h notin (i),j,!k}); an IllegalArgumentException if it is not one. */
    static Predicate<JsonNode> labels(String selector) {
        LabelSelector parsed = labelSelector(selector);
        return item -> {
            Map<String, String> labels = new HashMap<>();
            item.path("metadata")
                    .path("labels")
                    .properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            return parsed.matches().test(labels);
        };
    }

    /** {@link #labels(String)}, read on a map of labels. */
    static LabelSelector labelSelector(String selector) {
        Set<String> keys = new HashSet<>();
        List<Predicate<Map<String, String>>> all = new ArrayList<>();
        for (String requirement : split(selector)) {
            Matcher eq = EQUALITY.matcher(requirement);
            Matcher set = SET.matcher(requirement);
            if (eq.matches()) {
                String key = eq.group(1);
                String value = eq.group(3);
                boolean negated = eq.group(2).equals("!=");
                keys.add(key);
                all.add(l -> negated != value.equals(l.get(key)));
            } else if (set.matches()) {
                String key = set.group(2);
                keys.add(key);
                if (set.group(3) == null) {
                    boolean negated = !set.group(1).isEmpty();
                    all.add(l -> negated != l.containsKey(key));
                } else {
                    Set<String> values = new HashSet<>(); // HashSet: contains(null) for a missing label is false
                    Arrays.stream(set.group(4).split(","))
                            .map(String::trim)
                            .filter(v -> !v.isEmpty())
                            .forEach(values::add);
                    boolean in = set.group(3).equals("in");
                    all.add(l -> in ? values.contains(l.get(key)) : !values.contains(l.get(key)));
                }
            } else {
                throw new IllegalArgumentException("unable to parse requirement: " + requirement);
            }
        }
        return new LabelSelector(Set.copyOf(keys), labels -> all.stream().allMatch(p -> p.test(labels)));
    }

    /**
     * A field selector ({@code spec.nodeName=n1,status.phase!=Running}); any dotted path of the
     * object can be named, a missing field reads as empty (so {@code spec.nodeName=} selects the
     * pods not yet scheduled, as on a real cluster).
     */
    static Predicate<JsonNode> fields(String selector) {
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (String requirement : split(selector)) {
            Matcher eq = EQUALITY.matcher(requirement);
            if (!eq.matches()) {
                throw new IllegalArgumentException("invalid field selector: " + requirement);
            }
            String[] path = eq.group(1).split("\\.");
            String value = eq.group(3);
            boolean negated = eq.group(2).equals("!=");
            all.add(item -> {
                JsonNode n = item;
                for (String part : path) {
                    n = n.path(part);
                }
                String actual = n.isMissingNode() || n.isNull() ? "" : n.asText();
                return negated != value.equals(actual);
            });
        }
        return item -> all.stream().allMatch(p -> p.test(item));
    }

    /** Requirements split on the commas outside parentheses. */
    private static List<String> split(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }
}
