package io.drctl.adapters.http;

import io.drctl.engine.plan.DurationText;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one probe saw: a response (healthy or not, and why not), or no response at all
 * (connection refused, timed out, TLS failed) — which is an unhealthy observation, not an
 * error: a service that is coming up refuses connections for a while.
 */
record Observation(OptionalInt status, Duration latency, Optional<String> problem, boolean timedOut) {

    static Observation response(int status, Duration latency, Optional<String> problem) {
        return new Observation(OptionalInt.of(status), latency, problem, false);
    }

    static Observation noResponse(String why, Duration latency) {
        return new Observation(OptionalInt.empty(), latency, Optional.of(why), false);
    }

    /** The probe's time ran out before a response came. */
    static Observation timedOut(String why, Duration latency) {
        return new Observation(OptionalInt.empty(), latency, Optional.of(why), true);
    }

    boolean healthy() {
        return status.isPresent() && problem.isEmpty();
    }

    /** {@code 200 in 14ms}, {@code 503 in 12ms}, {@code 200 in 5ms (body lacks "ok")}, {@code connection refused}. */
    String summary() {
        if (status.isEmpty()) {
            return problem.orElse("no response");
        }
        String base = status.getAsInt() + " in " + latencyText(latency);
        return problem.filter(p -> !p.startsWith("status "))
                .map(p -> base + " (" + p + ")")
                .orElse(base);
    }

    static String latencyText(Duration latency) {
        long ms = latency.toMillis();
        return ms < 10_000 ? ms + "ms" : DurationText.format(latency);
    }
}
