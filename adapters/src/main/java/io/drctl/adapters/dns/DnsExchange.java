package io.drctl.adapters.dns;

import io.drctl.adapters.net.HostLookup;
import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.plan.DurationText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.WireParseException;

/**
 * One DNS message to one server and its answer, through dnsjava: UDP, falling back to TCP when
 * the answer is truncated (or TCP throughout when asked), signed with TSIG when a key is given.
 * The whole exchange, host-name lookup included, ends within the timeout; an interrupt cancels it.
 */
final class DnsExchange {
    /** Room for dnsjava's own timer to fire first, so its reason is the one reported. */
    private static final Duration GRACE = Duration.ofMillis(300);

    private DnsExchange() {}

    static Message send(DnsServer server, Message message, TSIG key, boolean tcpOnly, Duration timeout)
            throws NoAnswerException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetAddress address = lookUp(server.host(), timeout);
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(address, server.port()));
        resolver.setTimeout(left);
        resolver.setTCP(tcpOnly);
        if (key != null) {
            resolver.setTSIGKey(key);
        }
        CompletableFuture<Message> answer = resolver.sendAsync(message).toCompletableFuture();
        try {
            return answer.get(left.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new NoAnswerException(NetworkFailures.of(e, timeout).asPredicate(), true);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new NoAnswerException(
                    why(e.getCause(), timeout), e.getCause() != null && NetworkFailures.mayHaveArrived(e.getCause()));
        }
    }

    private static String why(Throwable cause, Duration timeout) {
        return switch (cause) {
            case WireParseException w -> "sent an answer that is not valid DNS (" + w.getMessage() + ")";
            case null -> "failed";
            default -> NetworkFailures.of(cause, timeout).asPredicate();
        };
    }

    /** A server's name, looked up within the exchange's time limit (see {@link HostLookup}). */
    private static InetAddress lookUp(String host, Duration timeout) throws NoAnswerException, InterruptedException {
        try {
            return HostLookup.resolve(host, timeout);
        } catch (TimeoutException e) {
            throw new NoAnswerException(
                    "cannot be found: looking up the host name took longer than " + DurationText.canonical(timeout));
        } catch (UnknownHostException e) {
            throw new NoAnswerException(
                    e.getCause() == null
                            ? "cannot be found: unknown host name"
                            : "cannot be found: " + e.getCause().getMessage());
        }
    }

    /** No answer came: the server is down, unreachable or silent. The message completes "server ...". */
    static final class NoAnswerException extends Exception {
        private final boolean mayHaveArrived;

        NoAnswerException(String message) {
            this(message, false);
        }

        NoAnswerException(String message, boolean mayHaveArrived) {
            super(message);
            this.mayHaveArrived = mayHaveArrived;
        }

        /** Whether the message may have reached the server (sent, then no answer): an update's outcome is unknown. */
        boolean mayHaveArrived() {
            return mayHaveArrived;
        }
    }
}
