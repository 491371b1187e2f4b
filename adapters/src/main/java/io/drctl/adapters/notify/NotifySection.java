package io.drctl.adapters.notify;

import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.PlanSection;
import io.drctl.engine.spi.PlanValidation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code spec.notify}: the incident channels a run keeps informed — started, finished, a step that
 * failed, an approval it waits for — through webhooks (Slack, Microsoft Teams, or the event's
 * JSON for anything else).
 */
public final class NotifySection implements PlanSection {
    static final String NAME = "notify";

    static final Schema.Obj CHANNEL = Schema.object("One channel to keep informed.")
            .optional(
                    "name",
                    Schema.string("The channel's name in warnings (notify/<name>); the format when absent, "
                                    + "numbered when several channels share one.")
                            .noSecrets()
                            .pattern(PlanSchema.ID_PATTERN))
            .required("type", Schema.oneOf("How messages are sent.", "webhook"))
            .optional(
                    "format",
                    Schema.oneOf(
                            "The message's shape: slack (incoming webhook), teams (a Workflows "
                                    + "webhook taking an Adaptive Card), generic (the event's JSON, as drctl --output json writes it, "
                                    + "with plan, mode and text).",
                            "slack",
                            "teams",
                            "generic"),
                    "generic")
            .required(
                    "url",
                    Schema.string("The webhook's URL; usually a secret reference such as "
                            + "${env:INCIDENT_WEBHOOK}, as the URL itself is the credential."))
            .optional(
                    "events",
                    Schema.array(
                                    "What to send: run-started (and resumed), run-finished, step-failed "
                                            + "(once no retry follows), approval-requested (with the drctl approve command), every-step (each "
                                            + "step's end).",
                                    Schema.oneOf("An event.", EventFilter.texts()))
                            .minItems(1),
                    EventFilter.DEFAULT);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Schema schema() {
        return Schema.array("Channels a run keeps informed while it works.", CHANNEL);
    }

    @Override
    public void validate(Object value, PlanValidation validation) {
        if (!(value instanceof List<?> channels)) {
            return;
        }
        Map<String, Integer> names = new HashMap<>();
        List<ChannelSettings> settings = ChannelSettings.all(value);
        for (int i = 0; i < channels.size(); i++) {
            if (!(channels.get(i) instanceof Map<?, ?> channel)) {
                continue;
            }
            String name = settings.get(i).name();
            Integer earlier = names.putIfAbsent(name, i);
            if (earlier != null) {
                validation.error(
                        "[" + i + "]" + (channel.containsKey("name") ? ".name" : ""),
                        "channel name '" + name + "' is taken by notify[" + earlier
                                + "]: give each channel its own name");
            }
            if (channel.get("url") instanceof String url
                    && !SecretReferences.containsReference(url)
                    && !isHttpUrl(url)) {
                validation.error("[" + i + "].url", "must be an http:// or https:// URL with a host");
            }
        }
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
