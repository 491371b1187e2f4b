package io.drctl.engine.plan;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether an address lies in one of a site's {@code networks}: a CIDR range matches an IP
 * address (IPv4 or IPv6, never a name: no name is looked up, a resolver may be what burned); a
 * host name pattern matches a name, exactly or, written {@code *.example.internal}, any name
 * under it. The one place that decides what "lives in a site" means.
 */
public final class Networks {
    /** Dotted quads only (InetAddress would read "10.1.0" as 10.1.0.0), or IPv6 with its colons. */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private static final Pattern HOST_PATTERN = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*");

    private Networks() {}

    /** Why {@code pattern} is not a CIDR range or host name pattern, or empty. */
    public static Optional<String> problem(String pattern) {
        if (pattern.contains("/")) {
            String[] parts = pattern.split("/", 2);
            Optional<InetAddress> base = literal(parts[0]);
            if (base.isEmpty()) {
                return Optional.of("'" + pattern + "' is not a CIDR range: '" + parts[0] + "' is not an IP address");
            }
            int bits = base.get().getAddress().length * 8;
            try {
                int prefix = Integer.parseInt(parts[1]);
                if (prefix < 0 || prefix > bits) {
                    return Optional.of("'" + pattern + "': the prefix length must be 0.." + bits);
                }
            } catch (NumberFormatException e) {
                return Optional.of("'" + pattern + "': '" + parts[1] + "' is not a prefix length");
            }
            return Optional.empty();
        }
        if (literal(pattern).isPresent() || HOST_PATTERN.matcher(pattern).matches()) {
            return Optional.empty();
        }
        return Optional.of(
                "'" + pattern + "' is neither a CIDR range (10.1.0.0/16) nor a host name (*.pangyo.internal)");
    }

    /** Whether {@code host} (a name or an IP literal, as written in a URL) matches {@code pattern}. */
    public static boolean contains(String pattern, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (pattern.contains("/")) {
            String[] parts = pattern.split("/", 2);
            Optional<InetAddress> address = literal(h);
            Optional<InetAddress> base = literal(parts[0]);
            if (address.isEmpty()
                    || base.isEmpty()
                    || address.get().getAddress().length != base.get().getAddress().length) {
                return false;
            }
            int bits = base.get().getAddress().length * 8;
            int prefix = Integer.parseInt(parts[1]);
            BigInteger mask = prefix == 0
                    ? BigInteger.ZERO
                    : BigInteger.ONE
                            .shiftLeft(bits)
                            .subtract(BigInteger.ONE)
                            .shiftRight(bits - prefix)
                            .shiftLeft(bits - prefix);
            return new BigInteger(1, address.get().getAddress())
                    .and(mask)
                    .equals(new BigInteger(1, base.get().getAddress()).and(mask));
        }
        String name = h.toLowerCase(Locale.ROOT);
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            return name.endsWith(p.substring(1));
        }
        return name.equals(p);
    }

    /** An IP literal as an address, without any lookup; empty for a name. */
    private static Optional<InetAddress> literal(String text) {
        if (!IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text)); // a literal: InetAddress parses it, no resolver involved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
