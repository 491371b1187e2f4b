package io.drctl.adapters.database;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far behind a standby may be and still be promoted without a human accepting the loss:
 * {@code maxLag} as a duration, or as {@code {bytes, time}}; without it, the plan's
 * {@code objectives.rpo}. A limit on something that cannot be measured is exceeded: what
 * cannot be shown to be within the RPO is not.
 */
public record LagLimit(OptionalLong bytes, Optional<Duration> time, String source) {

    public static final LagLimit NONE = new LagLimit(OptionalLong.empty(), Optional.empty(), "none");

    public static LagLimit of(Object maxLag, Plan plan) {
        return switch (maxLag) {
            case Duration d -> new LagLimit(OptionalLong.empty(), Optional.of(d), "maxLag");
            case Map<?, ?> m ->
                new LagLimit(
                        m.get("bytes") instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty(),
                        m.get("time") instanceof Duration d ? Optional.of(d) : Optional.empty(),
                        "maxLag");
            case null, default ->
                plan.objectives()
                        .rpo()
                        .map(rpo -> new LagLimit(OptionalLong.empty(), Optional.of(rpo), "objectives.rpo"))
                        .orElse(NONE);
        };
    }

    public boolean isNone() {
        return bytes.isEmpty() && time.isEmpty();
    }

    /** Why {@code lag} is over this limit, or empty when it is within. */
    public Optional<String> exceededBy(Lag lag) {
        if (lag.isUnknown()) {
            // Unknown counts as over whatever the limit is, even none: a loss nobody can size must be accepted by
            // someone.
            return Optional.of("the lag is unknown: " + lag.unknownBecause().get() + " ("
                    + (isNone()
                            ? "no limit is set, " + "but an unknown loss must still be accepted"
                            : "limit " + describe())
                    + ")");
        }
        List<String> over = new ArrayList<>();
        if (bytes.isPresent()) {
            if (lag.bytes().isEmpty()) {
                over.add("the bytes behind cannot be measured");
            } else if (lag.bytes().getAsLong() > bytes.getAsLong()) {
                over.add(ByteSize.format(lag.bytes().getAsLong()) + " behind, over "
                        + ByteSize.format(bytes.getAsLong()));
            }
        }
        if (time.isPresent()) {
            if (lag.time().isEmpty()) {
                over.add("the time behind cannot be measured");
            } else if (lag.time().get().compareTo(time.get()) > 0) {
                over.add(DurationText.format(lag.time().get()) + " behind, over " + DurationText.canonical(time.get()));
            }
        }
        return over.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", over) + " (" + source + ")");
    }

    /** E.g. {@code 16.0 MiB or 30s (maxLag)}. */
    public String describe() {
        if (isNone()) {
            return "no limit (neither maxLag nor objectives.rpo is set)";
        }
        List<String> parts = new ArrayList<>();
        bytes.ifPresent(b -> parts.add(ByteSize.format(b)));
        time.ifPresent(t -> parts.add(DurationText.canonical(t)));
        return String.join(" or ", parts) + " (" + source + ")";
    }
}
