package io.drctl.adapters.http;

import io.drctl.adapters.net.NetworkFailures;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends probes and judges the responses. Every way a probe can go wrong becomes an
 * {@link Observation}; only an interrupt escapes, after the request in flight is cancelled.
 * Closing it stops the client's threads without waiting for anything in flight.
 */
final class HttpProber implements AutoCloseable {
    /** Enough for any health document; more is not read. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ProbeSettings settings;
    private final HttpClient client;

    HttpProber(ProbeSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Health endpoints speak HTTP/1.1; no h2c upgrade dance with old proxies.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(settings.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (settings.insecureSkipTlsVerify()) {
            builder.sslContext(TrustEverything.sslContext());
        }
        this.client = builder.build();
    }

    /** One request, given at most {@code timeout} from sending to the end of the (bounded) body. */
    Observation probe(Duration timeout) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .method(settings.method(), HttpRequest.BodyPublishers.noBody())
                .timeout(timeout);
        settings.headers().forEach(request::header);
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> response =
                client.sendAsync(request.build(), info -> new BoundedBodySubscriber(MAX_BODY_BYTES));
        try {
            HttpResponse<byte[]> r = response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Duration latency = since(start);
            return Observation.response(
                    r.statusCode(), latency, settings.criteria().problem(r.statusCode(), latency, r.body()));
        } catch (TimeoutException e) {
            response.cancel(true);
            return Observation.timedOut(NetworkFailures.of(e, timeout).reason(), since(start));
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            String why = NetworkFailures.of(e.getCause(), timeout).reason();
            return e.getCause() instanceof HttpTimeoutException
                    ? Observation.timedOut(why, since(start))
                    : Observation.noResponse(why, since(start));
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Stops the client's threads at once; a probe still in flight is abandoned, not awaited. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
