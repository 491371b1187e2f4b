package io.drctl.adapters.notify;

import io.drctl.adapters.net.TcpReach;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.spi.DependencyFinder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident channels of spec.notify: each webhook's host must take a connection. Nothing is
 * posted: a preflight must not page anyone. A URL given as a secret that cannot be resolved is a
 * configuration problem here, though a run goes on without that channel.
 */
public final class NotifyDependencies implements DependencyFinder {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Override
    public List<Dependency> find(Plan plan, Map<String, String> environment) {
        List<Dependency> out = new ArrayList<>();
        SecretReferences secrets = new SecretReferences(environment, new Redactor());
        for (ChannelSettings channel : ChannelSettings.all(plan.sections().get(NotifySection.NAME))) {
            if (channel == null) {
                continue;
            }
            String url;
            try {
                url = secrets.resolve(channel.writtenUrl());
            } catch (SecretReferences.SecretResolutionException e) {
                out.add(new Dependency(
                        "webhook",
                        "channel " + channel.name(),
                        Optional.empty(),
                        Optional.empty(),
                        "spec.notify",
                        () -> Dependency.Answer.misconfigured(e.getMessage())));
                continue;
            }
            URI uri = URI.create(url);
            String host = uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            // The host only: the URL's path is usually the webhook's secret.
            out.add(new Dependency(
                    "webhook",
                    "channel " + channel.name() + " (" + host + ")",
                    Optional.empty(),
                    Optional.ofNullable(host),
                    "spec.notify",
                    () -> TcpReach.ask(host, port, TIMEOUT)));
        }
        return out;
    }
}
