package io.drctl.adapters.notify;

import io.drctl.engine.secret.SecretReferences;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * How a webhook URL may be shown. A webhook URL is a credential (Slack and Teams put the token
 * in its path), so messages name it as the plan wrote it when that is a secret reference, and
 * otherwise only by scheme, host and port: {@code https://hooks.slack.com/…}.
 */
final class WebhookUrls {
    private WebhookUrls() {}

    static String shown(String written) {
        if (SecretReferences.containsReference(written)) {
            return written;
        }
        try {
            URI uri = new URI(written);
            if (uri.getHost() == null) {
                return "(a webhook URL)";
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            boolean hasMore = (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null;
            return uri.getScheme() + "://" + hostPort + (hasMore ? "/…" : "");
        } catch (URISyntaxException e) {
            return "(a webhook URL)";
        }
    }
}
