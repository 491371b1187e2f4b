package io.drctl.adapters.kubernetes.select;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its text form — equality ({@code tier=api}, {@code tier!=db})
 * and set-based ({@code tier in (api,ws)}, {@code tier notin (db)}, {@code canary},
 * {@code !canary}) — parsed so drctl can apply it itself as well as send it. Servers and proxies
 * that ignore part of a selector (Fabric8's mock ignores set-based ones and returns everything)
 * then cannot widen what a step touches.
 */
public record LabelSelector(String text, List<Requirement> requirements) {
    private static final String KEY = "([A-Za-z0-9][-A-Za-z0-9_./]*)";
    private static final String VALUE = "([-A-Za-z0-9_.]*)";
    private static final Pattern EXISTS = Pattern.compile(KEY);
    private static final Pattern NOT_EXISTS = Pattern.compile("!\\s*" + KEY);
    private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(==|=|!=)\\s*" + VALUE);
    private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\(([^)]*)\\)");

    public enum Operator {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST
    }

    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> v != null && values.contains(v);
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }
    }

    /** Everything: an empty selector. */
    public static final LabelSelector EVERYTHING = new LabelSelector("", List.of());

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** Parses {@code text}; an error message says what is wrong where. */
    public static LabelSelector parse(String text) throws InvalidSelectorException {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new InvalidSelectorException("empty requirement in selector '" + text + "'");
            }
            out.add(requirement(p)
                    .orElseThrow(() -> new InvalidSelectorException("cannot read '" + p + "' in selector '" + text
                            + "' (write key=value, key!=value, key in (a,b), key notin (a,b), key or !key)")));
        }
        return new LabelSelector(text.trim(), out);
    }

    private static Optional<Requirement> requirement(String p) {
        Matcher m;
        if ((m = SET.matcher(p)).matches()) {
            Set<String> values = new LinkedHashSet<>();
            for (String v : m.group(3).split(",")) {
                if (!v.trim().matches("[-A-Za-z0-9_.]*")) {
                    return Optional.empty();
                }
                values.add(v.trim());
            }
            return Optional.of(
                    new Requirement(m.group(1), m.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, values));
        }
        if ((m = EQUALITY.matcher(p)).matches()) {
            return Optional.of(new Requirement(
                    m.group(1), m.group(2).equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS, Set.of(m.group(3))));
        }
        if ((m = NOT_EXISTS.matcher(p)).matches()) {
            return Optional.of(new Requirement(m.group(1), Operator.DOES_NOT_EXIST, Set.of()));
        }
        if ((m = EXISTS.matcher(p)).matches()) {
            return Optional.of(new Requirement(m.group(1), Operator.EXISTS, Set.of()));
        }
        return Optional.empty();
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
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
        return parts;
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** A selector that cannot be read; its message is one line for people. */
    public static final class InvalidSelectorException extends Exception {
        public InvalidSelectorException(String message) {
            super(message);
        }
    }
}
