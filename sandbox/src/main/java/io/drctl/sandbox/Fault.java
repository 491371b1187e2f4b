package io.drctl.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a simulated site misbehaves, the ways a site does on its worst day:
 * <ul>
 *   <li>{@code dead}: the port is closed (the API server is gone);</li>
 *   <li>{@code half-dead}: {@code /version} and discovery answer, every other request hangs
 *       (an apiserver whose etcd is gone);</li>
 *   <li>{@code slow[:DURATION]}: every answer comes late (default 2s);</li>
 *   <li>{@code flaky[:PERCENT]}: that share of requests fails with 500 or 429 (default 30%).</li>
 * </ul>
 */
public record Fault(Mode mode, Duration latency, int failurePercent) {
    public enum Mode {
        NONE,
        DEAD,
        HALF_DEAD,
        SLOW,
        FLAKY
    }

    public static final Fault NONE = new Fault(Mode.NONE, Duration.ZERO, 0);
    private static final Pattern TEXT = Pattern.compile("(dead|half-dead|slow|flaky)(?::(.+))?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    /** {@code dead}, {@code half-dead}, {@code slow:500ms}, {@code flaky:20%}; a one-line error otherwise. */
    public static Fault parse(String text) {
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a fault (dead, half-dead, slow[:2s], flaky[:30%])");
        }
        String arg = m.group(2);
        return switch (m.group(1)) {
            case "dead" -> noArgument(text, arg, new Fault(Mode.DEAD, Duration.ZERO, 0));
            case "half-dead" -> noArgument(text, arg, new Fault(Mode.HALF_DEAD, Duration.ZERO, 0));
            case "slow" -> new Fault(Mode.SLOW, arg == null ? Duration.ofSeconds(2) : duration(text, arg), 0);
            default -> new Fault(Mode.FLAKY, Duration.ZERO, arg == null ? 30 : percent(text, arg));
        };
    }

    private static Fault noArgument(String text, String arg, Fault fault) {
        if (arg != null) {
            throw new IllegalArgumentException("'" + text + "': "
                    + fault.mode().name().toLowerCase(Locale.ROOT).replace('_', '-') + " takes no argument");
        }
        return fault;
    }

    private static Duration duration(String text, String arg) {
        Matcher d = DURATION.matcher(arg);
        if (!d.matches()) {
            throw new IllegalArgumentException("'" + text + "': '" + arg + "' is not a duration (500ms, 2s, 1m)");
        }
        long n = Long.parseLong(d.group(1));
        return switch (d.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private static int percent(String text, String arg) {
        String digits = arg.endsWith("%") ? arg.substring(0, arg.length() - 1) : arg;
        try {
            int p = Integer.parseInt(digits);
            if (p >= 0 && p <= 100) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new IllegalArgumentException("'" + text + "': '" + arg + "' is not a share of requests (0% to 100%)");
    }
}
