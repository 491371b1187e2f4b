package io.drctl.adapters.database;

import io.drctl.engine.plan.DurationText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far a standby is behind. {@code bytes}: WAL/binlog the primary has that the standby has
 * not applied (measured against the primary when it answered, otherwise only what the standby
 * received but has not applied: what never reached it cannot be measured). {@code time}: zero
 * when nothing is missing, otherwise the age of the newest change the standby applied.
 * Either may be unknown. {@code applying}: the standby is applying what it receives (replay not
 * paused, SQL thread running), so waiting would shrink the lag. {@code details}: the positions
 * it was computed from, for outputs.
 */
public record Lag(OptionalLong bytes, Optional<Duration> time, boolean primaryAnswered, boolean applying,
                  Map<String, Object> details) {

    public Lag {
        details = new LinkedHashMap<>(details);
    }

    public boolean nothingMissing() {
        return bytes.isPresent() && bytes.getAsLong() == 0;
    }

    /** E.g. {@code 1.5 MiB and 4.2s behind (measured against the primary)}. */
    public String describe() {
        String b = bytes.isPresent() ? ByteSize.format(bytes.getAsLong()) : "unknown bytes";
        String t = time.map(DurationText::format).orElse("unknown time");
        return b + " and " + t + " behind (" + (primaryAnswered ? "measured against the primary"
                : "the primary did not answer: measured on the standby alone") + ")";
    }

    /** The outputs a promotion records about the lag it measured. */
    public Map<String, Object> outputs() {
        Map<String, Object> out = new LinkedHashMap<>();
        bytes.ifPresent(b -> out.put("lagBytes", b));
        time.ifPresent(t -> out.put("lagMs", t.toMillis()));
        out.put("lagMeasuredFrom", primaryAnswered ? "primary and standby" : "standby");
        out.putAll(details);
        return out;
    }
}
