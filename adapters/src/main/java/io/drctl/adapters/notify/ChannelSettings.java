package io.drctl.adapters.notify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code spec.notify} as converted by the loader: its name (given, or derived from
 * its format), its format, its URL as written (secret references unresolved) and its events.
 */
record ChannelSettings(String name, PayloadFormat format, String writtenUrl, Set<EventFilter> events) {

    /** Every channel of a converted {@code spec.notify}, names made unique. */
    static List<ChannelSettings> all(Object section) {
        List<ChannelSettings> out = new ArrayList<>();
        if (!(section instanceof List<?> channels)) {
            return out;
        }
        Map<String, Long> perFormat = new HashMap<>();
        for (Object c : channels) {
            if (c instanceof Map<?, ?> m) {
                perFormat.merge(formatOf(m), 1L, Long::sum);
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Object c : channels) {
            if (!(c instanceof Map<?, ?> m)) {
                out.add(null);
                continue;
            }
            String format = formatOf(m);
            String name;
            if (m.get("name") instanceof String given) {
                name = given;
            } else {
                int n = seen.merge(format, 1, Integer::sum);
                name = perFormat.get(format) > 1 ? format + "-" + n : format;
            }
            Set<EventFilter> events = EnumSet.noneOf(EventFilter.class);
            Object wanted = m.get("events") instanceof List<?> list ? list : EventFilter.DEFAULT;
            for (Object e : (List<?>) wanted) {
                EventFilter.of(String.valueOf(e)).ifPresent(events::add);
            }
            out.add(new ChannelSettings(
                    name,
                    PayloadFormat.valueOf(format.toUpperCase(Locale.ROOT)),
                    String.valueOf(m.get("url")),
                    events));
        }
        return out;
    }

    private static String formatOf(Map<?, ?> channel) {
        return channel.get("format") instanceof String f ? f : "generic";
    }

    /** Where notices say a channel's messages go: the URL as written, its path left out unless it is a reference. */
    String shownUrl() {
        return WebhookUrls.shown(writtenUrl);
    }
}
