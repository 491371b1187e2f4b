package io.drctl.adapters.notify;

import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.plan.DurationText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers one channel's messages in order, on a thread of its own, so that a slow or dead
 * webhook never holds up the run: {@link #offer} only queues. Failures are retried per the
 * {@link DeliveryPolicy} and told to people through the {@link Reporter} — the first message
 * that could not be delivered, a recovery, and at the end what was lost.
 */
final class WebhookChannel {
    /** A message ready to send: what it is about (for reports) and its JSON body, already redacted. */
    record Message(String about, String json) {}

    /** Where the channel tells people about itself (the run's notices). */
    interface Reporter {
        void report(String level, String message);
    }

    private static final Message STOP = new Message("", "");
    private static final Duration GRACE = Duration.ofMillis(300);

    private final ChannelSettings settings;
    private final URI url;
    private final HttpClient client;
    private final DeliveryPolicy policy;
    private final Reporter reporter;
    private final BlockingQueue<Message> queue;
    private final Thread worker;
    private volatile boolean closed;
    private int offered;
    private int failed;
    private int dropped;
    /** The last message could not be delivered: later ones get one attempt each. */
    private boolean failing;
    /** Failures already told one by one, so the summary at the end only speaks of the rest. */
    private int told;

    WebhookChannel(ChannelSettings settings, URI url, HttpClient client, DeliveryPolicy policy, Reporter reporter) {
        this.settings = settings;
        this.url = url;
        this.client = client;
        this.policy = policy;
        this.reporter = reporter;
        this.queue = new LinkedBlockingQueue<>(policy.queueLimit());
        this.worker = Thread.ofVirtual().name("notify-" + settings.name()).start(this::deliverAll);
    }

    String name() {
        return settings.name();
    }

    /** Queues {@code message}; never blocks. A message that does not fit is counted as lost. */
    void offer(Message message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            offered++;
        }
        if (!queue.offer(message)) {
            synchronized (this) {
                dropped++;
            }
        }
    }

    /**
     * No more messages: delivers what is queued until {@code deadline}, then stops the worker and
     * reports what could not be delivered.
     */
    void finish(Instant deadline) {
        synchronized (this) {
            closed = true;
        }
        queue.offer(STOP); // may not fit in a full queue: the worker then stops at the deadline
        try {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!left.isNegative() && !worker.join(left)) {
                worker.interrupt();
                worker.join(Duration.ofSeconds(1));
            } else if (left.isNegative()) {
                worker.interrupt();
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        int left;
        int lost;
        int total;
        int alreadyTold;
        synchronized (this) {
            left = (int) queue.stream().filter(m -> m != STOP).count();
            lost = failed + dropped + left;
            total = offered;
            alreadyTold = told;
        }
        if (lost > alreadyTold) {
            reporter.report(
                    "warning",
                    lost + " of " + total + (total == 1 ? " message" : " messages") + " to "
                            + settings.shownUrl() + " could not be delivered"
                            + (left > 0
                                    ? " (" + left + " still queued when drctl " + "finished, after waiting "
                                            + DurationText.canonical(policy.flushLimit()) + ")"
                                    : ""));
        }
    }

    private void deliverAll() {
        try {
            while (true) {
                Message m = queue.take();
                if (m == STOP) {
                    return;
                }
                deliver(m);
            }
        } catch (InterruptedException e) {
            // finish() ran out of time: what is still queued is reported there
        }
    }

    private void deliver(Message m) throws InterruptedException {
        int attempts = failing ? 1 : Math.max(1, policy.attempts());
        String why = "";
        int made = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            made = attempt;
            Outcome outcome = send(m);
            if (outcome == Outcome.DELIVERED) {
                delivered(m);
                return;
            }
            why = outcome.why;
            if (!outcome.retry || attempt == attempts) {
                break;
            }
            Thread.sleep(policy.pauseAfter(attempt));
        }
        undelivered(m, made, why);
    }

    private synchronized void delivered(Message m) {
        if (failing) {
            failing = false;
            reporter.report(
                    "info", "delivering again to " + settings.shownUrl() + " ('" + m.about() + "' got through)");
        }
    }

    private void undelivered(Message m, int attempts, String why) {
        boolean tell;
        synchronized (this) {
            failed++;
            tell = !failing; // the first failure since the channel last worked
            failing = true;
            if (tell) {
                told++;
            }
        }
        if (tell) {
            reporter.report(
                    "warning",
                    "could not deliver '" + m.about() + "' to " + settings.shownUrl() + " after "
                            + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + why
                            + "; further messages are tried once each until one gets through");
        }
    }

    private Outcome send(Message m) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(policy.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "drctl")
                .POST(HttpRequest.BodyPublishers.ofString(m.json(), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<Void>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = pending.get(policy.requestTimeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)
                    .statusCode();
            if (status / 100 == 2) {
                return Outcome.DELIVERED;
            }
            return new Outcome("HTTP " + status, status == 429 || status >= 500 || status == 408);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Outcome(NetworkFailures.of(e, policy.requestTimeout()).reason(), true);
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return new Outcome(
                    NetworkFailures.of(e.getCause(), policy.requestTimeout()).reason(), true);
        }
    }

    /** How one request went; {@code retry}: another attempt might do better (no answer, 5xx, 429). */
    private record Outcome(String why, boolean retry) {
        static final Outcome DELIVERED = new Outcome("", false);
    }
}
