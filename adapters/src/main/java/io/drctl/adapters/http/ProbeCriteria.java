package io.drctl.adapters.http;

import io.drctl.engine.plan.DurationText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What makes one response healthy: its status, optionally its body and how fast it came. */
record ProbeCriteria(
        Set<Integer> statuses,
        Optional<String> bodyContains,
        Optional<Pattern> bodyMatches,
        Optional<Duration> maxLatency) {

    ProbeCriteria {
        statuses = Set.copyOf(statuses);
    }

    /** Why a response is not healthy, or empty when it is. */
    Optional<String> problem(int status, Duration latency, byte[] body) {
        if (!statuses.contains(status)) {
            return Optional.of("status " + status);
        }
        if (maxLatency.isPresent() && latency.compareTo(maxLatency.get()) > 0) {
            return Optional.of("slower than maxLatency " + DurationText.canonical(maxLatency.get()));
        }
        if (bodyContains.isPresent() || bodyMatches.isPresent()) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (bodyContains.isPresent() && !text.contains(bodyContains.get())) {
                return Optional.of("body lacks \"" + bodyContains.get() + "\"");
            }
            if (bodyMatches.isPresent() && !bodyMatches.get().matcher(text).find()) {
                return Optional.of("body does not match /" + bodyMatches.get().pattern() + "/");
            }
        }
        return Optional.empty();
    }

    /** {@code 3 consecutive 200 or 204 with body containing "ok" within 500ms}. */
    String describe(long consecutive) {
        StringBuilder b = new StringBuilder();
        if (consecutive > 1) {
            b.append(consecutive).append(" consecutive ");
        }
        b.append(new TreeSet<>(statuses).stream().map(String::valueOf).collect(Collectors.joining(" or ")));
        bodyContains.ifPresent(
                s -> b.append(" with body containing \"").append(s).append('"'));
        bodyMatches.ifPresent(p -> b.append(bodyContains.isPresent() ? " and" : " with body")
                .append(" matching /")
                .append(p.pattern())
                .append('/'));
        maxLatency.ifPresent(d -> b.append(" within ").append(DurationText.canonical(d)));
        return b.toString();
    }
}
