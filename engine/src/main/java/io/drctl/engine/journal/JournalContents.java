package io.drctl.engine.journal;

import io.drctl.engine.event.RunEvent;
import java.util.List;
import java.util.Optional;

/**
 * What a journal holds: its events in order, whether its hash chain verifies (and where it
 * breaks), and where its last complete line ends.
 */
public record JournalContents(
        List<RunEvent> events,
        boolean tornTail,
        long validLength,
        long lastSeq,
        String lastHash,
        Optional<String> chainError) {

    public boolean chainVerifies() {
        return chainError.isEmpty();
    }

    public <T extends RunEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends RunEvent> Optional<T> first(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public <T extends RunEvent> Optional<T> last(Class<T> type) {
        List<T> all = eventsOf(type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
