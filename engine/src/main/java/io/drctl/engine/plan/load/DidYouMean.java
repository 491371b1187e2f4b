package io.drctl.engine.plan.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the name a person probably meant: the closest known name within two edits
 * (Levenshtein, ignoring case), or one that starts with what was written ({@code desc} →
 * {@code description}).
 */
final class DidYouMean {
    private static final int MAX_EDITS = 2;
    private static final int MIN_PREFIX = 3;

    private DidYouMean() {
    }

    static Optional<String> closest(String written, Collection<String> known) {
        if (written == null || written.isEmpty()) {
            return Optional.empty();
        }
        String w = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(w, c);
            boolean prefix = w.length() >= MIN_PREFIX && (c.startsWith(w) || w.startsWith(c));
            if ((d <= MAX_EDITS || prefix) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'x'?"}, or nothing when no name is close. */
    static String hint(String written, Collection<String> known) {
        return closest(written, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
