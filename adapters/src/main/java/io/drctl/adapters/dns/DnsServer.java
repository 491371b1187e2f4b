package io.drctl.adapters.dns;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DNS server to talk to: {@code host}, {@code host:port}, {@code [v6]:port}; port 53 when absent. */
record DnsServer(String host, int port) {
    static final int DEFAULT_PORT = 53;
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d+))?");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+)(?::(\\d+))?");

    /** Parses what a plan wrote, or says what is wrong with it. */
    static DnsServer parse(String text) throws IllegalArgumentException {
        return tryParse(text)
                .orElseThrow(
                        () -> new IllegalArgumentException("'" + text + "' is not host, host:port or [IPv6]:port"));
    }

    static Optional<DnsServer> tryParse(String text) {
        String t = text.strip();
        Matcher m = BRACKETED.matcher(t);
        if (!m.matches()) {
            m = HOST_PORT.matcher(t);
            if (!m.matches()) {
                // A bare IPv6 address has colons but no port.
                return t.chars().filter(c -> c == ':').count() >= 2 && t.matches("[0-9A-Fa-f:.]+")
                        ? Optional.of(new DnsServer(t, DEFAULT_PORT))
                        : Optional.empty();
            }
        }
        int port = DEFAULT_PORT;
        if (m.group(2) != null) {
            try {
                port = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (port < 1 || port > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new DnsServer(m.group(1), port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
