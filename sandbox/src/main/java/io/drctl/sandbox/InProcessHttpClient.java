package io.drctl.sandbox;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A Fabric8 HTTP client that hands each request straight to a site's dispatcher on the calling
 * thread: no socket, no HTTP framing, and no turn on the mock server's one event-loop thread.
 * The sandbox's own work (its controllers, the kubelets, seeding) goes through it, as a real
 * cluster's controllers work inside the control plane; drctl and other clients still reach the
 * site over the network, with its latency and faults. It offers no watches: the controllers list.
 */
final class InProcessHttpClient
        extends StandardHttpClient<InProcessHttpClient, InProcessHttpClient.Factory, InProcessHttpClient.Builder> {

    private final Function<RecordedRequest, MockResponse> site;

    private InProcessHttpClient(Builder builder, AtomicBoolean closed) {
        super(builder, closed);
        this.site = builder.getClientFactory().site;
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(
            StandardHttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        if (isClosed()) {
            return CompletableFuture.failedFuture(new IOException("the sandbox's in-process client is closed"));
        }
        MockResponse answer;
        try {
            answer = site.apply(recorded(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(new Response(request, answer, consumer));
    }

    @Override
    public CompletableFuture<WebSocketResponse> buildWebSocketDirect(
            StandardWebSocketBuilder builder, WebSocket.Listener listener) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("the sandbox's in-process client does not watch"));
    }

    @Override
    protected void doClose() {
        // nothing held: no connections, no threads
    }

    private static RecordedRequest recorded(StandardHttpRequest request) {
        URI uri = request.uri();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Headers.Builder headers = new Headers.Builder();
        request.headers().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        if (request.getContentType() != null) {
            headers.set("Content-Type", request.getContentType());
        }
        return new RecordedRequest(
                "HTTP/1.1", HttpMethod.valueOf(request.method()), path, headers.build(), new Buffer(body(request)));
    }

    private static byte[] body(StandardHttpRequest request) {
        return switch (request.body()) {
            case null -> new byte[0];
            case StandardHttpRequest.StringBodyContent s -> s.getContent().getBytes(StandardCharsets.UTF_8);
            case StandardHttpRequest.ByteArrayBodyContent b -> b.getContent();
            case StandardHttpRequest.InputStreamBodyContent in -> {
                try (InputStream stream = in.getContent()) {
                    yield stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default ->
                throw new IllegalArgumentException(
                        "a request body of type " + request.body().getClass());
        };
    }

    /** The dispatcher's answer; its body goes to the consumer once the client asks for it, as over a socket. */
    private static final class Response implements HttpResponse<AsyncBody>, AsyncBody {
        private final HttpRequest request;
        private final MockResponse answer;
        private final AsyncBody.Consumer<List<ByteBuffer>> consumer;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean delivered = new AtomicBoolean();

        Response(HttpRequest request, MockResponse answer, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            this.request = request;
            this.answer = answer;
            this.consumer = consumer;
        }

        @Override
        public int code() {
            return answer.code();
        }

        @Override
        public AsyncBody body() {
            return this;
        }

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public Optional<HttpResponse<?>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = answer.headers(name);
            return values == null ? List.of() : values;
        }

        @Override
        public Map<String, List<String>> headers() {
            return answer.getHeaders().toMultimap();
        }

        @Override
        public void consume() {
            if (!delivered.compareAndSet(false, true)) {
                return;
            }
            try {
                byte[] bytes = answer.getBody() == null
                        ? new byte[0]
                        : answer.getBody().getBytes();
                if (bytes.length > 0) {
                    consumer.consume(List.of(ByteBuffer.wrap(bytes)), this);
                }
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public void cancel() {
            done.cancel(false);
        }
    }

    /** Makes clients that answer from {@code site}. */
    static final class Factory implements HttpClient.Factory {
        private final Function<RecordedRequest, MockResponse> site;

        Factory(Function<RecordedRequest, MockResponse> site) {
            this.site = site;
        }

        @Override
        public Builder newBuilder() {
            return new Builder(this);
        }
    }

    static final class Builder extends StandardHttpClientBuilder<InProcessHttpClient, Factory, Builder> {
        Builder(Factory factory) {
            super(factory);
        }

        @Override
        public InProcessHttpClient build() {
            return new InProcessHttpClient(this, client == null ? new AtomicBoolean() : client.getClosed());
        }

        @Override
        protected Builder newInstance(Factory factory) {
            return new Builder(factory);
        }
    }
}
