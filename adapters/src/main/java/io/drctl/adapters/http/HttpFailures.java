package io.drctl.adapters.http;

import io.drctl.engine.plan.DurationText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why an HTTP request got no response, in the words an operator would use ({@code connection
 * refused}, {@code no response within 5s}, {@code TLS failed: certificate not trusted}). Shared by
 * every adapter that speaks HTTP with the JDK client: health probes, the PowerDNS API, webhooks.
 */
public final class HttpFailures {
    private HttpFailures() {
    }

    /** One line for people, in the words an operator would use. */
    public static String describe(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            switch (t) {
                case HttpConnectTimeoutException ignored -> {
                    return "connect timed out after " + DurationText.canonical(timeout);
                }
                case HttpTimeoutException ignored -> {
                    return "no response within " + DurationText.canonical(timeout);
                }
                case ConnectException c -> {
                    return c.getMessage() == null || c.getMessage().isBlank() ? "connection refused"
                            : c.getMessage().toLowerCase(Locale.ROOT);
                }
                case UnresolvedAddressException ignored -> {
                    return "cannot resolve the host name";
                }
                case UnknownHostException ignored -> {
                    return "cannot resolve the host name";
                }
                case SSLException ssl -> {
                    return "TLS failed: " + tlsReason(ssl);
                }
                default -> {
                }
            }
        }
        String message = failure.getMessage();
        return failure instanceof IOException && message != null && !message.isBlank()
                ? message.lines().findFirst().orElse("").toLowerCase(Locale.ROOT)
                : failure.getClass().getSimpleName();
    }

    private static String tlsReason(SSLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "certificate not trusted (insecureSkipTlsVerify: true accepts it)";
        }
        if (message.contains("subject alternative") || message.contains("No name matching")) {
            return "certificate does not match the host name";
        }
        return message.lines().findFirst().orElse("");
    }
}
