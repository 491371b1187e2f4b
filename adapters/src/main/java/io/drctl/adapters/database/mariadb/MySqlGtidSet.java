package io.drctl.adapters.database.mariadb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A MySQL GTID set ({@code uuid:1-5:7,uuid2:1-3}; MySQL 8.3+ also {@code uuid:tag:1-4}), as
 * {@code gtid_executed} and {@code Retrieved_Gtid_Set} show it: which transactions of which
 * source a server holds. A promoted replica must hold every GTID it had retrieved; what is left
 * over was thrown away with its relay log.
 */
final class MySqlGtidSet {
    /** source (uuid, or uuid:tag) → the transaction numbers held, as disjoint, ordered [first, last] ranges. */
    private final Map<String, List<long[]>> ranges;

    private MySqlGtidSet(Map<String, List<long[]>> ranges) {
        this.ranges = ranges;
    }

    /** Reads a GTID set; whitespace and line breaks (MySQL prints them after commas) are ignored. */
    static MySqlGtidSet parse(String text) {
        Map<String, List<long[]>> out = new TreeMap<>();
        if (text == null) {
            return new MySqlGtidSet(out);
        }
        for (String member : text.replaceAll("\\s", "").split(",")) {
            String[] parts = member.split(":");
            if (parts.length < 2 || parts[0].isEmpty()) {
                continue;
            }
            String source = parts[0].toLowerCase(Locale.ROOT);
            for (int i = 1; i < parts.length; i++) {
                long[] range = range(parts[i]);
                if (range == null) {
                    source = parts[0].toLowerCase(Locale.ROOT) + ":" + parts[i].toLowerCase(Locale.ROOT); // a tag
                } else {
                    add(out.computeIfAbsent(source, k -> new ArrayList<>()), range);
                }
            }
        }
        return new MySqlGtidSet(out);
    }

    /** {@code n} or {@code n-m}; null for anything else (a tag). */
    private static long[] range(String text) {
        try {
            int dash = text.indexOf('-');
            long first = Long.parseLong(dash < 0 ? text : text.substring(0, dash));
            long last = dash < 0 ? first : Long.parseLong(text.substring(dash + 1));
            return first <= last ? new long[] {first, last} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void add(List<long[]> list, long[] range) {
        list.add(range);
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : list) {
            if (!merged.isEmpty() && r[0] <= merged.getLast()[1] + 1) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        list.clear();
        list.addAll(merged);
    }

    /** The GTIDs of this set that {@code other} does not hold, as a GTID set; empty when other holds them all. */
    Optional<String> notIn(MySqlGtidSet other) {
        List<String> out = new ArrayList<>();
        ranges.forEach((source, mine) -> {
            List<long[]> missing = new ArrayList<>();
            for (long[] r : mine) {
                long from = r[0];
                for (long[] held : other.ranges.getOrDefault(source, List.of())) {
                    if (held[1] < from || held[0] > r[1]) {
                        continue;
                    }
                    if (held[0] > from) {
                        missing.add(new long[] {from, held[0] - 1});
                    }
                    from = Math.max(from, held[1] + 1);
                }
                if (from <= r[1]) {
                    missing.add(new long[] {from, r[1]});
                }
            }
            if (!missing.isEmpty()) {
                StringBuilder text = new StringBuilder(source);
                for (long[] m : missing) {
                    text.append(':').append(m[0] == m[1] ? String.valueOf(m[0]) : m[0] + "-" + m[1]);
                }
                out.add(text.toString());
            }
        });
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join(",", out));
    }

    /** What the new primary's {@code gtid_executed} lacks of the {@code Retrieved_Gtid_Set} it had before, or empty. */
    static Optional<String> missing(String retrievedBefore, String executedAfter) {
        return parse(retrievedBefore)
                .notIn(parse(executedAfter))
                .map(set -> "the GTIDs " + set + " it had retrieved are not in its gtid_executed");
    }
}
