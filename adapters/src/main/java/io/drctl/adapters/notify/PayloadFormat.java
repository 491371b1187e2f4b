package io.drctl.adapters.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import java.util.Map;

/**
 * The JSON a webhook receives. {@code slack}: an incoming-webhook message (text, plus blocks with
 * the facts); {@code teams}: a message with an Adaptive Card, as Teams Workflows webhooks take;
 * {@code generic}: the event as {@code drctl --output json} writes it, with {@code plan},
 * {@code mode} and {@code text} added, for bots and anything else.
 */
enum PayloadFormat {
    SLACK,
    TEAMS,
    GENERIC;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    ObjectNode body(Notification n, RunEvent event, EventCodec codec) {
        return switch (this) {
            case SLACK -> slack(n);
            case TEAMS -> teams(n);
            case GENERIC -> generic(n, event, codec);
        };
    }

    private static ObjectNode slack(Notification n) {
        ObjectNode body = JSON.objectNode().put("text", n.text());
        ArrayNode blocks = body.putArray("blocks");
        StringBuilder main =
                new StringBuilder("*").append(slackEscape(n.headline())).append('*');
        n.details().forEach(d -> main.append('\n').append(slackEscape(d)));
        n.command()
                .ifPresent(c ->
                        main.append("\nApprove with: `").append(slackEscape(c)).append('`'));
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", main.toString());
        StringBuilder facts = new StringBuilder();
        for (Map.Entry<String, String> f : n.facts().entrySet()) {
            facts.append(facts.isEmpty() ? "" : " · ")
                    .append(f.getKey())
                    .append(": ")
                    .append(slackEscape(f.getValue()));
        }
        blocks.addObject()
                .put("type", "context")
                .putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put("text", facts.toString());
        return body;
    }

    /** Slack's mrkdwn treats &, < and > as markup. */
    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ObjectNode teams(Notification n) {
        ObjectNode card = JSON.objectNode()
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode content = card.putArray("body");
        content.addObject()
                .put("type", "TextBlock")
                .put("text", n.headline())
                .put("weight", "Bolder")
                .put("size", "Medium")
                .put("wrap", true);
        n.details()
                .forEach(d -> content.addObject()
                        .put("type", "TextBlock")
                        .put("text", d)
                        .put("wrap", true));
        n.command().ifPresent(c -> {
            content.addObject()
                    .put("type", "TextBlock")
                    .put("text", "Approve with:")
                    .put("wrap", true);
            content.addObject()
                    .put("type", "TextBlock")
                    .put("text", c)
                    .put("fontType", "Monospace")
                    .put("wrap", true);
        });
        ArrayNode facts = content.addObject().put("type", "FactSet").putArray("facts");
        n.facts().forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        ObjectNode body = JSON.objectNode().put("type", "message");
        body.putArray("attachments")
                .addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive")
                .putNull("contentUrl")
                .set("content", card);
        return body;
    }

    private static ObjectNode generic(Notification n, RunEvent event, EventCodec codec) {
        ObjectNode body = codec.encode(event);
        body.put("plan", n.facts().get("Plan"));
        body.put("mode", n.facts().get("Mode"));
        body.put("text", n.text());
        return body;
    }
}
