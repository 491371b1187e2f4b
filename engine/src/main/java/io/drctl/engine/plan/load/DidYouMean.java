package io.drctl.engine.plan.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the name a person probably meant: the closest known name within two edits (one for
 * words of up to three letters, where two edits reach almost anything), ignoring case and
 * counting a swap of neighbours as one edit; or a known name that starts with what was written
 * ({@code desc} → {@code description}).
 */
public final class DidYouMean {
    private static final int MIN_PREFIX = 3;

    private DidYouMean() {}

    public static Optional<String> closest(String written, Collection<String> known) {
        if (written == null || written.isEmpty()) {
            return Optional.empty();
        }
        String w = written.toLowerCase(Locale.ROOT);
        int maxEdits = w.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(w, c);
            boolean prefix = Math.min(w.length(), c.length()) >= MIN_PREFIX && (c.startsWith(w) || w.startsWith(c));
            if ((d <= maxEdits || prefix) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'x'?"}, or nothing when no name is close. */
    public static String hint(String written, Collection<String> known) {
        return closest(written, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Edits (insert, delete, substitute, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
