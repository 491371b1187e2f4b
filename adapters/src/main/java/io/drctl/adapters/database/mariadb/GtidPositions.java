package io.drctl.adapters.database.mariadb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MariaDB GTID positions ({@code domain-server-sequence}, one per replication domain, comma
 * separated, e.g. {@code 0-1-57,1-3-12}): whether one position continues another — every domain
 * of the first is in the second at the same or a later sequence number. A promoted replica that
 * does not continue what it had received has thrown transactions away.
 */
final class GtidPositions {
    private GtidPositions() {}

    /** domain → sequence number; entries that do not parse are left out. */
    static Map<Long, Long> parse(String position) {
        Map<Long, Long> out = new LinkedHashMap<>();
        if (position == null) {
            return out;
        }
        for (String gtid : position.split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts.length == 3) {
                try {
                    out.merge(Long.parseLong(parts[0]), Long.parseLong(parts[2]), Math::max);
                } catch (NumberFormatException e) {
                    // not a GTID: ignore it
                }
            }
        }
        return out;
    }

    /** What {@code after} lacks of {@code before}, one phrase per domain, or empty when it continues it. */
    static Optional<String> missing(String before, String after) {
        Map<Long, Long> then = parse(before);
        Map<Long, Long> now = parse(after);
        List<String> gaps = new ArrayList<>();
        then.forEach((domain, seq) -> {
            Long reached = now.get(domain);
            if (reached == null) {
                gaps.add("domain " + domain + " (up to sequence " + seq + ") is missing");
            } else if (reached < seq) {
                gaps.add("domain " + domain + " reached sequence " + reached + " of " + seq + " received");
            }
        });
        return gaps.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", gaps));
    }
}
