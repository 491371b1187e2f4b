package io.drctl.adapters.notify;

import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.secret.SecretReferences.SecretResolutionException;
import io.drctl.engine.spi.RunObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notifications of one run: turns the events each channel asks for into messages (redacted
 * before they leave the process) and hands them to the channels' own threads. {@link #on} only
 * formats and queues — it never waits on a webhook and never throws; a channel whose URL cannot
 * be resolved is switched off with a warning, and the run goes on.
 */
final class NotifyListener implements RunObserver.Listener {
    private final RunObserver.Context context;
    private final DeliveryPolicy policy;
    private final NotificationText text;
    private final EventCodec codec = new EventCodec();
    private final HttpClient client;
    private final List<Active> active = new ArrayList<>();
    private final List<String[]> pendingWarnings = new ArrayList<>();
    private boolean started;

    private record Active(ChannelSettings settings, WebhookChannel channel) {}

    NotifyListener(List<ChannelSettings> channels, RunObserver.Context context, DeliveryPolicy policy) {
        this.context = context;
        this.policy = policy;
        this.text = new NotificationText(context.run());
        this.client = HttpClient.newBuilder()
                .connectTimeout(policy.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (ChannelSettings settings : channels) {
            if (settings == null) {
                continue;
            }
            open(settings)
                    .ifPresent(url -> active.add(new Active(
                            settings,
                            new WebhookChannel(
                                    settings,
                                    url,
                                    client,
                                    policy,
                                    (level, message) -> context.notice(level, source(settings), message)))));
        }
    }

    /** The channel's URL, resolved (and so registered as a secret); empty, with a warning kept for later, when it cannot be. */
    private Optional<URI> open(ChannelSettings settings) {
        try {
            String resolved = context.secrets().resolve(settings.writtenUrl());
            if (!NotifySection.isHttpUrl(resolved)) {
                pendingWarnings.add(new String[] {
                    source(settings),
                    "the URL " + settings.shownUrl()
                            + " is not an http:// or https:// URL once resolved; this channel is off for this run"
                });
                return Optional.empty();
            }
            return Optional.of(URI.create(resolved));
        } catch (SecretResolutionException | IllegalArgumentException e) {
            pendingWarnings.add(new String[] {
                source(settings), "cannot resolve the URL (" + e.getMessage() + "); this channel is off for this run"
            });
            return Optional.empty();
        }
    }

    private static String source(ChannelSettings settings) {
        return "notify/" + settings.name();
    }

    @Override
    public void on(RunEvent event) {
        try {
            if (!started && (event instanceof RunEvent.RunStarted || event instanceof RunEvent.RunResumed)) {
                started = true;
                // Said now rather than at attach time, so that the record shows them after the run's start.
                pendingWarnings.forEach(w -> context.notice("warning", w[0], w[1]));
                pendingWarnings.clear();
            }
            if (active.stream().noneMatch(a -> EventFilter.wants(a.settings().events(), event))) {
                return;
            }
            Optional<Notification> message = text.of(event);
            if (message.isEmpty()) {
                return;
            }
            for (Active a : active) {
                if (EventFilter.wants(a.settings().events(), event)) {
                    String json = codec.toLine(a.settings().format().body(message.get(), event, codec));
                    a.channel()
                            .offer(new WebhookChannel.Message(
                                    message.get().headline(), context.redactor().redact(json)));
                }
            }
        } catch (RuntimeException e) {
            // A notification must never break the run; say what went wrong instead.
            context.notice(
                    "warning",
                    "notify",
                    "could not prepare a notification for " + EventCodec.typeName(event) + ": " + e);
        }
    }

    /** Delivers what is still queued, all channels within one shared {@link DeliveryPolicy#flushLimit()}. */
    @Override
    public void close() {
        Instant deadline = Instant.now().plus(policy.flushLimit());
        List<Thread> finishing = new ArrayList<>();
        for (Active a : active) {
            finishing.add(Thread.ofVirtual().start(() -> a.channel().finish(deadline)));
        }
        for (Thread t : finishing) {
            try {
                t.join(policy.flushLimit().plusSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.shutdownNow();
    }
}
