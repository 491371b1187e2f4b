package io.drctl.engine.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code spec.steps}, validated. {@code with} holds the step type's parameters as
 * plain values (String, Long, Boolean, Duration, List, Map) converted by the type's schema;
 * strings may still contain unresolved secret references.
 */
public record StepDefinition(
        String id,
        String type,
        String description,
        List<String> needs,
        Set<Mode> when,
        Optional<Duration> timeout,
        RetryPolicy retry,
        FailurePolicy onFailure,
        Optional<String> site,
        UnreachablePolicy ifUnreachable,
        Map<String, Object> with,
        SourcePosition position) {

    public boolean runsIn(Mode mode) {
        return when.isEmpty() || when.contains(mode);
    }
}
