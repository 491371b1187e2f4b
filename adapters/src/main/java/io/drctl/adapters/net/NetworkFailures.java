package io.drctl.adapters.net;

import io.drctl.engine.plan.DurationText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one place that decides what a failed network call says about its target, and words it.
 * A target that did not answer — refused, timed out, reset, its name not found, no route — is
 * {@link Kind#NO_ANSWER}: the engine treats it as unreachable (exit 69, {@code ifUnreachable}
 * applies). A target that answered, even with an error or a certificate drctl does not trust, is
 * {@link Kind#FAILED}: it is there, and something about the request or the configuration is
 * wrong (exit 1) — skipping it as "unreachable" would hide a mistake. Every adapter asks here, so
 * the same cause reads the same everywhere ("no answer within 5s", "connection refused").
 */
public final class NetworkFailures {
    private NetworkFailures() {}

    /** What a failure says about the target. */
    public enum Kind {
        /** The target did not answer: unreachable. */
        NO_ANSWER,
        /** The target answered, or the failure is not about the network: the call failed. */
        FAILED,
        /** drctl itself was interrupted (cancelled run, step deadline): says nothing about the target. */
        INTERRUPTED
    }

    /** The verdict on a failure and the reason in an operator's words (no class names where a phrase will do). */
    public record Verdict(Kind kind, String reason) {
        public boolean noAnswer() {
            return kind == Kind.NO_ANSWER;
        }

        /**
         * The verdict as the rest of a sentence about the target ("server ns2 ..."): {@code did not
         * answer within 2s}, {@code did not answer: connection refused}, {@code failed: ...}.
         */
        public String asPredicate() {
            if (kind != Kind.NO_ANSWER) {
                return "failed: " + reason;
            }
            return reason.startsWith("no answer ")
                    ? "did not answer " + reason.substring("no answer ".length())
                    : "did not answer: " + reason;
        }
    }

    /**
     * The verdict on {@code failure}, any layer of its causes deciding. {@code timeout}: the limit
     * the call had, named in the reason when it ran out (null: "in time").
     */
    public static Verdict of(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Verdict v = ofOne(t, timeout);
            if (v != null) {
                return v;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                // Any other I/O failure on the way (connection closed mid-answer, broken pipe): no answer.
                return new Verdict(Kind.NO_ANSWER, lowerFirstLine(io));
            }
        }
        return new Verdict(Kind.FAILED, firstLine(root(failure)));
    }

    /**
     * Whether a request that failed this way may still have reached the target and been carried
     * out: false only when no connection was ever made (refused, no route, name not found, no
     * connection within the limit). A write that fails any other way — a timeout after sending, a
     * reset, an answer cut off — has an unknown outcome, and must be reported as such, never as
     * "not done".
     */
    public static boolean mayHaveArrived(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException
                    || t instanceof PortUnreachableException
                    || t instanceof HttpConnectTimeoutException
                    || (t instanceof SocketTimeoutException s
                            && s.getMessage() != null
                            && s.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out"))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code failure} means the target did not answer. */
    public static boolean isNoAnswer(Throwable failure) {
        return of(failure, null).noAnswer();
    }

    private static Verdict ofOne(Throwable t, Duration timeout) {
        return switch (t) {
            case InterruptedException ignored -> new Verdict(Kind.INTERRUPTED, "interrupted");
            case SocketTimeoutException ignored -> noAnswer("no answer" + within(timeout));
            case InterruptedIOException ignored -> new Verdict(Kind.INTERRUPTED, "interrupted");
            case HttpTimeoutException ignored -> noAnswer("no answer" + within(timeout));
            case TimeoutException ignored -> noAnswer("no answer" + within(timeout));
            case PortUnreachableException ignored -> noAnswer("nothing listens on that port (ICMP port unreachable)");
            case NoRouteToHostException ignored -> noAnswer("no route to host");
            case ConnectException c ->
                noAnswer(
                        c.getMessage() == null
                                        || c.getMessage().isBlank()
                                        || c.getMessage()
                                                .toLowerCase(Locale.ROOT)
                                                .contains("refused")
                                ? "connection refused"
                                : lowerFirstLine(c));
            case UnknownHostException u ->
                noAnswer("cannot resolve the host name"
                        + (u.getMessage() == null || u.getMessage().isBlank() ? "" : " " + firstLine(u)));
            case UnresolvedAddressException ignored -> noAnswer("cannot resolve the host name");
            case SSLException ssl -> tls(ssl);
            case ClosedChannelException ignored -> noAnswer("connection closed");
            case EOFException ignored -> noAnswer("connection closed before the answer was complete");
            case SocketException s
            when s.getMessage() != null
                    && s.getMessage().toLowerCase(Locale.ROOT).contains("reset") -> noAnswer("connection reset");
            // How the JDK's HTTP client says a connection was reset or closed before the answer's first byte.
            case IOException io
            when io.getMessage() != null && io.getMessage().contains("header parser received no bytes") ->
                noAnswer("connection closed before any answer");
            default -> null;
        };
    }

    /**
     * A certificate drctl does not trust, or one for another name, is a configuration to fix, not
     * a site that is gone; a handshake the other end broke off is no answer.
     */
    private static Verdict tls(SSLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
            return new Verdict(
                    Kind.FAILED, "TLS failed: certificate not trusted (insecureSkipTlsVerify: true accepts it)");
        }
        if (message.contains("subject alternative") || message.contains("No name matching")) {
            return new Verdict(Kind.FAILED, "TLS failed: certificate does not match the host name");
        }
        return noAnswer("TLS handshake failed: " + firstLine(e));
    }

    private static Verdict noAnswer(String reason) {
        return new Verdict(Kind.NO_ANSWER, reason);
    }

    private static String within(Duration timeout) {
        return timeout == null ? " in time" : " within " + DurationText.canonical(timeout);
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The first line of a failure's message, or its class's simple name when it has none: one line for people. */
    public static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }

    private static String lowerFirstLine(Throwable e) {
        String line = firstLine(e);
        // "Broken pipe" reads on as "broken pipe"; an acronym ("EOF", "HTTP/1.1") keeps its capitals.
        boolean acronym = line.length() > 1 && Character.isUpperCase(line.charAt(1));
        return line.isEmpty() || acronym ? line : Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }
}
