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
 * it was computed from, for outputs. {@code unknownBecause}: set when what the standby lacks
 * cannot be bounded at all (the primary does not answer and the standby is not streaming from
 * it, or has not heard from it lately): the bytes and time then only count what it received,
 * never what it missed, and the lag as a whole is unknown — never zero.
 */
public record Lag(
        OptionalLong bytes,
        Optional<Duration> time,
        boolean primaryAnswered,
        boolean applying,
        Map<String, Object> details,
        Optional<String> unknownBecause) {

    public Lag {
        details = new LinkedHashMap<>(details);
        if (unknownBecause.isPresent()) {
            bytes = OptionalLong.empty();
            time = Optional.empty();
        }
    }

    public Lag(
            OptionalLong bytes,
            Optional<Duration> time,
            boolean primaryAnswered,
            boolean applying,
            Map<String, Object> details) {
        this(bytes, time, primaryAnswered, applying, details, Optional.empty());
    }

    /** A lag nobody can bound, and why, e.g. {@code the WAL receiver is not streaming; ...}. */
    public static Lag unknown(String because, boolean applying, Map<String, Object> details) {
        return new Lag(OptionalLong.empty(), Optional.empty(), false, applying, details, Optional.of(because));
    }

    public boolean isUnknown() {
        return unknownBecause.isPresent();
    }

    public boolean nothingMissing() {
        return !isUnknown() && bytes.isPresent() && bytes.getAsLong() == 0;
    }

    /**
     * The window of writes a promotion now would lose, for the record: a duration, bytes, or
     * {@code unknown: <why>}.
     */
    public String dataLossWindow() {
        if (isUnknown()) {
            return "unknown: " + unknownBecause.get();
        }
        if (time.isPresent()) {
            return DurationText.format(time.get());
        }
        return bytes.isPresent()
                ? ByteSize.format(bytes.getAsLong())
                : "unknown: neither the bytes nor the time behind could be measured";
    }

    /** E.g. {@code 1.5 MiB and 4.2s behind (measured against the primary)}. */
    public String describe() {
        if (isUnknown()) {
            return "unknown (" + unknownBecause.get() + ")";
        }
        String b = bytes.isPresent() ? ByteSize.format(bytes.getAsLong()) : "unknown bytes";
        String t = time.map(DurationText::format).orElse("unknown time");
        return b + " and " + t + " behind ("
                + (primaryAnswered
                        ? "measured against the primary"
                        : "the primary did not answer: measured on the standby alone")
                + ")";
    }

    /** The outputs a promotion records about the lag it measured. */
    public Map<String, Object> outputs() {
        Map<String, Object> out = new LinkedHashMap<>();
        unknownBecause.ifPresent(why -> {
            out.put("lag", "unknown");
            out.put("lagUnknownBecause", why);
        });
        bytes.ifPresent(b -> out.put("lagBytes", b));
        time.ifPresent(t -> out.put("lagMs", t.toMillis()));
        out.put("lagMeasuredFrom", primaryAnswered ? "primary and standby" : "standby");
        out.putAll(details);
        out.put("dataLossWindow", dataLossWindow());
        return out;
    }
}
