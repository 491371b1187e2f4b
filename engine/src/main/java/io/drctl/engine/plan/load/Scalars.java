package io.drctl.engine.plan.load;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What a YAML scalar is, read the way the plan language reads it. SnakeYAML resolves plain
 * scalars by YAML 1.1 rules ({@code yes} is a boolean, {@code 012} an octal integer); the
 * language keeps what people meant where that is clear, and refuses where it is not.
 */
final class Scalars {
    private static final int QUOTE_LIMIT = 60;
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "off");

    private Scalars() {}

    static boolean isNull(Node node) {
        return node == null || node.getTag().equals(Tag.NULL);
    }

    static boolean isEmptyString(Node node) {
        return node instanceof ScalarNode s
                && s.getTag().equals(Tag.STR)
                && s.getValue().isEmpty();
    }

    /** An integer as YAML writes it: decimal with optional {@code _} separators, or {@code 0x} hex. */
    static Optional<Long> integer(ScalarNode node) {
        if (!node.getTag().equals(Tag.INT)) {
            return Optional.empty();
        }
        String text = node.getValue().replace("_", "");
        boolean negative = text.startsWith("-");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        try {
            long value;
            if (digits.startsWith("0x")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (digits.matches("[0-9]+") && (digits.length() == 1 || !digits.startsWith("0"))) {
                value = Long.parseLong(digits);
            } else {
                // 012 (octal in YAML 1.1, twelve to most readers), 0b1, 1:30 (base 60): too surprising to guess.
                return Optional.empty();
            }
            return Optional.of(negative ? -value : value);
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** Why an integer-looking scalar is refused, with what to write instead. */
    static String whyNotPlain(ScalarNode node) {
        String text = node.getValue().replace("_", "");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (digits.contains(":")) {
            return ": YAML 1.1 reads a:b as a number in base 60; quote it if it is text";
        }
        if (digits.startsWith("0b")) {
            return ": write the number in decimal";
        }
        if (digits.startsWith("0") && digits.length() > 1 && !digits.startsWith("0x")) {
            String decimal = digits.replaceFirst("^0+(?=.)", "");
            return ": YAML 1.1 reads a leading 0 as octal; write " + (text.startsWith("-") ? "-" : "") + decimal;
        }
        return ": the number is too large";
    }

    static Optional<Boolean> bool(ScalarNode node) {
        if (!node.getTag().equals(Tag.BOOL)) {
            return Optional.empty();
        }
        String text = node.getValue().toLowerCase(Locale.ROOT);
        return TRUE.contains(text) ? Optional.of(true) : FALSE.contains(text) ? Optional.of(false) : Optional.empty();
    }

    /** A double for {@code Any} values; NaN and infinities stay text. */
    static Optional<Double> number(ScalarNode node) {
        if (!node.getTag().equals(Tag.FLOAT)) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(node.getValue().replace("_", ""));
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException notPlain) {
            return Optional.empty();
        }
    }

    /** What was found, for "expected X, got Y": {@code 'abc'}, {@code 42}, {@code yes}, {@code a list}. */
    static String describe(Node node) {
        if (isNull(node)) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        return scalar.getTag().equals(Tag.STR) ? quote(scalar.getValue()) : shorten(scalar.getValue());
    }

    static String quote(String text) {
        return "'" + shorten(text) + "'";
    }

    private static String shorten(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= QUOTE_LIMIT ? oneLine : oneLine.substring(0, QUOTE_LIMIT) + "...";
    }
}
