package io.drctl.adapters.database;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything a dialect needs to open a session with a member: its URL and credentials (secret
 * references resolved), TLS, and the bounds that make a dead member cost seconds.
 */
public record ConnectionRequest(
        String url, String user, Optional<String> password, Tls tls, Duration connectTimeout, Duration socketTimeout) {

    /** {@code mode}: disable, require, verify-ca or verify-full. */
    public record Tls(String mode, Optional<String> caFile) {
        public static final Tls DISABLED = new Tls("disable", Optional.empty());

        public boolean enabled() {
            return !mode.equals("disable");
        }
    }

    /** Whole seconds, rounded up: some drivers take their timeouts in seconds. */
    public static int seconds(Duration d) {
        long ms = d.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (ms + 999) / 1000));
    }

    public static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
