package io.drctl.adapters.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message for people, before any format shapes it: a headline, detail lines, the facts
 * every message carries (plan, mode, run, step, state, elapsed) and, for an approval, the exact
 * command that gives it.
 */
record Notification(String headline, List<String> details, Map<String, String> facts, Optional<String> command) {

    Notification {
        details = List.copyOf(details);
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** The whole message as plain text, for formats and clients that show only text. */
    String text() {
        StringBuilder b = new StringBuilder(headline);
        details.forEach(d -> b.append('\n').append(d));
        command.ifPresent(c -> b.append("\nApprove with: ").append(c));
        return b.toString();
    }
}
