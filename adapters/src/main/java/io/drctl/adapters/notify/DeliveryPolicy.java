package io.drctl.adapters.notify;

import java.time.Duration;

/**
 * How hard a channel tries: {@code attempts} per message with a doubling pause between them,
 * each request bounded by {@code requestTimeout}; at the run's end, at most {@code flushLimit}
 * to deliver what is still queued. A channel whose message has failed outright tries later
 * messages once each until one gets through, so a dead channel costs one bounded request per
 * message and never builds a backlog.
 */
record DeliveryPolicy(
        int attempts,
        Duration firstPause,
        Duration maxPause,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration flushLimit,
        int queueLimit) {

    static final DeliveryPolicy DEFAULT = new DeliveryPolicy(
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofSeconds(3),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            1000);

    /** The pause after failed attempt {@code attempt} (1-based). */
    Duration pauseAfter(int attempt) {
        Duration d = firstPause;
        for (int i = 1; i < attempt && d.compareTo(maxPause) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxPause) > 0 ? maxPause : d;
    }
}
