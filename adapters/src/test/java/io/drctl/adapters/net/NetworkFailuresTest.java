package io.drctl.adapters.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.net.NetworkFailures.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table every adapter's "unreachable or failed?" rests on: what each cause means for the
 * target, and the words an operator reads. A change here changes exit codes (69 or 1) and what
 * {@code ifUnreachable: skip} skips, everywhere at once.
 */
class NetworkFailuresTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), Kind.NO_ANSWER, "connection refused"),
                Arguments.of(new ConnectException(), Kind.NO_ANSWER, "connection refused"),
                Arguments.of(new ConnectException("Network is unreachable"), Kind.NO_ANSWER, "network is unreachable"),
                Arguments.of(new SocketTimeoutException("Read timed out"), Kind.NO_ANSWER, "no answer within 5s"),
                Arguments.of(new SocketTimeoutException("Connect timed out"), Kind.NO_ANSWER, "no answer within 5s"),
                Arguments.of(new HttpTimeoutException("request timed out"), Kind.NO_ANSWER, "no answer within 5s"),
                Arguments.of(
                        new HttpConnectTimeoutException("HTTP connect timed out"),
                        Kind.NO_ANSWER,
                        "no answer within 5s"),
                Arguments.of(new TimeoutException(), Kind.NO_ANSWER, "no answer within 5s"),
                Arguments.of(new NoRouteToHostException("No route to host"), Kind.NO_ANSWER, "no route to host"),
                Arguments.of(
                        new PortUnreachableException(),
                        Kind.NO_ANSWER,
                        "nothing listens on that port (ICMP port unreachable)"),
                Arguments.of(
                        new UnknownHostException("api.pangyo.example"),
                        Kind.NO_ANSWER,
                        "cannot resolve the host name api.pangyo.example"),
                Arguments.of(new SocketException("Connection reset"), Kind.NO_ANSWER, "connection reset"),
                Arguments.of(new ClosedChannelException(), Kind.NO_ANSWER, "connection closed"),
                Arguments.of(new EOFException(), Kind.NO_ANSWER, "connection closed before the answer was complete"),
                Arguments.of(new IOException("Broken pipe"), Kind.NO_ANSWER, "broken pipe"),
                // The JDK's HTTP client, when a connection is reset or closed before the answer's first byte.
                Arguments.of(
                        new IOException("HTTP/1.1 header parser received no bytes"),
                        Kind.NO_ANSWER,
                        "connection closed before any answer"),
                // An acronym keeps its capitals when the reason is made to start a sentence's middle.
                Arguments.of(new IOException("EOF reached while reading"), Kind.NO_ANSWER, "EOF reached while reading"),
                Arguments.of(
                        new SSLHandshakeException("Remote host terminated the handshake"),
                        Kind.NO_ANSWER,
                        "TLS handshake failed: Remote host terminated the handshake"),
                // It answered: a configuration to fix, which "ifUnreachable: skip" must not hide.
                Arguments.of(
                        new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"),
                        Kind.FAILED,
                        "TLS failed: certificate not trusted (insecureSkipTlsVerify: true accepts it)"),
                Arguments.of(
                        new SSLHandshakeException("No subject alternative names matching IP address 127.0.0.2 found"),
                        Kind.FAILED,
                        "TLS failed: certificate does not match the host name"),
                Arguments.of(
                        new IllegalStateException("unexpected answer\nsecond line"), Kind.FAILED, "unexpected answer"),
                Arguments.of(
                        new SQLException("permission denied for table x"),
                        Kind.FAILED,
                        "permission denied for table x"),
                Arguments.of(new InterruptedException(), Kind.INTERRUPTED, "interrupted"),
                Arguments.of(new InterruptedIOException(), Kind.INTERRUPTED, "interrupted"));
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("verdicts")
    void each_cause_gets_one_verdict_and_one_wording(Throwable cause, Kind kind, String reason) {
        assertThat(NetworkFailures.of(cause, FIVE_SECONDS)).isEqualTo(new NetworkFailures.Verdict(kind, reason));
    }

    @Test
    void the_cause_decides_however_deep_a_client_wraps_it() {
        Throwable wrapped = new CompletionException(
                new UncheckedIOException(new IOException("wrapper", new ConnectException("Connection refused"))));
        assertThat(NetworkFailures.of(wrapped, FIVE_SECONDS))
                .isEqualTo(new NetworkFailures.Verdict(Kind.NO_ANSWER, "connection refused"));
        assertThat(NetworkFailures.isNoAnswer(wrapped)).isTrue();
    }

    @Test
    void a_driver_failure_without_a_network_cause_is_a_failure_of_the_call() {
        assertThat(NetworkFailures.isNoAnswer(new SQLException("syntax error at or near \"PROMOTE\"", "42601")))
                .isFalse();
    }

    @Test
    void without_a_known_limit_a_timeout_says_in_time() {
        assertThat(NetworkFailures.of(new HttpTimeoutException("x"), null).reason())
                .isEqualTo("no answer in time");
    }

    @Test
    void a_verdict_completes_a_sentence_about_the_target() {
        assertThat(NetworkFailures.of(new SocketTimeoutException(), Duration.ofSeconds(2))
                        .asPredicate())
                .isEqualTo("did not answer within 2s");
        assertThat(NetworkFailures.of(new ConnectException(), null).asPredicate())
                .isEqualTo("did not answer: connection refused");
        assertThat(NetworkFailures.of(new IllegalStateException("bad"), null).asPredicate())
                .isEqualTo("failed: bad");
    }

    @Test
    void a_failure_without_a_message_is_named_by_its_kind_in_one_line() {
        assertThat(NetworkFailures.firstLine(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(NetworkFailures.firstLine(new IllegalStateException("  first\nsecond")))
                .isEqualTo("first");
    }

    @Test
    void a_write_whose_connection_never_opened_did_not_arrive_any_other_failure_may_have() {
        assertThat(NetworkFailures.mayHaveArrived(new ConnectException("Connection refused")))
                .isFalse();
        assertThat(NetworkFailures.mayHaveArrived(new UnknownHostException("api.pangyo.example")))
                .isFalse();
        assertThat(NetworkFailures.mayHaveArrived(new NoRouteToHostException())).isFalse();
        assertThat(NetworkFailures.mayHaveArrived(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isFalse();
        assertThat(NetworkFailures.mayHaveArrived(new SocketTimeoutException("Connect timed out")))
                .isFalse();
        // Sent, and then: no answer in time, reset, cut mid-answer — the outcome is unknown.
        assertThat(NetworkFailures.mayHaveArrived(new HttpTimeoutException("request timed out")))
                .isTrue();
        assertThat(NetworkFailures.mayHaveArrived(new SocketTimeoutException("Read timed out")))
                .isTrue();
        assertThat(NetworkFailures.mayHaveArrived(new SocketException("Connection reset")))
                .isTrue();
        assertThat(NetworkFailures.mayHaveArrived(new EOFException())).isTrue();
    }
}
