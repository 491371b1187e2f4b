package io.drctl.engine.secret;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every secret value drctl has resolved with {@value #MASK}. All output, journal
 * lines, state files and reports pass through one instance per process, so a secret that was
 * resolved once can never be written anywhere afterwards.
 */
public final class Redactor {
    public static final String MASK = "***";

    /** A piece of a secret this long or longer is masked on its own. */
    static final int MIN_PIECE = 8;
    /**
     * A secret shorter than this (a one-letter test password) is masked where it stands on its
     * own, not inside words: masking every "x" would turn "NoSuchFileException" into
     * "NoSuchFileE***ception" and hide what went wrong, while revealing nothing a reader could
     * not guess from a one-letter secret anyway.
     */
    static final int WHOLE_WORDS_BELOW = 4;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private volatile int longest;

    /** Registers a resolved secret value (and the forms it takes inside JSON strings). */
    public void register(String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        secrets.add(secret);
        String jsonEscaped = jsonEscape(secret);
        if (!jsonEscaped.equals(secret)) {
            secrets.add(jsonEscaped);
        }
        // Output reaches the screen and the journal line by line, and terminal-safe printing
        // rewrites control characters: a key file's lines, and the runs of a secret between its
        // control characters, are masked on their own. Shorter pieces hold no 8 characters of it.
        for (String piece : CONTROL.split(secret)) {
            if (piece.strip().length() >= MIN_PIECE && !piece.equals(secret)) {
                secrets.add(piece);
                secrets.add(piece.strip());
            }
        }
        longest = Math.max(
                longest, secrets.stream().mapToInt(String::length).max().orElse(0));
    }

    /** The length of the longest registered form: how far a cut may need to look back to mask first. */
    public int longest() {
        return longest;
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        // Longest first, so a secret that contains another is masked whole.
        List<String> ordered = secrets.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        String out = text;
        for (String s : ordered) {
            if (!out.contains(s)) {
                continue;
            }
            out = s.length() < WHOLE_WORDS_BELOW
                    ? out.replaceAll(
                            "(?<![\\p{Alnum}])" + Pattern.quote(s) + "(?![\\p{Alnum}])", Matcher.quoteReplacement(MASK))
                    : out.replace(s, MASK);
        }
        return out;
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
