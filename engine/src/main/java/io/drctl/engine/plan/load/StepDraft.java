package io.drctl.engine.plan.load;

import io.drctl.engine.plan.Backoff;
import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.RetryPolicy;
import io.drctl.engine.plan.SourcePosition;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A step as read, before the checks that need all steps (unique ids, needs, cycles).
 * {@code fields} are the converted values, partial when the step has problems.
 */
record StepDraft(YamlPath path, Map<String, Object> fields) {

    Optional<String> id() {
        return text("id");
    }

    Optional<String> site() {
        return text("site");
    }

    List<String> needs() {
        return fields.get("needs") instanceof List<?> list
                ? list.stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .toList()
                : List.of();
    }

    /** The step as the engine sees it; only for a step without violations, whose fields are complete. */
    StepDefinition definition(SourcePosition position) {
        return new StepDefinition(
                text("id").orElseThrow(),
                text("type").orElseThrow(),
                text("description").orElse(""),
                needs(),
                modes(),
                Optional.ofNullable((Duration) fields.get("timeout")),
                retry(),
                FailurePolicy.valueOf(upper(text("onFailure").orElse("halt"))),
                site(),
                UnreachablePolicy.valueOf(upper(text("ifUnreachable").orElse("fail"))),
                withValues(),
                position);
    }

    private Set<Mode> modes() {
        EnumSet<Mode> modes = EnumSet.noneOf(Mode.class);
        if (fields.get("when") instanceof List<?> list) {
            list.forEach(m -> modes.add(Mode.fromText((String) m)));
        }
        return Collections.unmodifiableSet(modes);
    }

    @SuppressWarnings("unchecked")
    private RetryPolicy retry() {
        if (!(fields.get("retry") instanceof Map<?, ?> retry)) {
            return RetryPolicy.NONE;
        }
        Backoff backoff = Backoff.DEFAULT;
        if (retry.get("backoff") instanceof Map<?, ?> b) {
            backoff = new Backoff(
                    Backoff.Type.valueOf(upper((String) b.get("type"))), (Duration) b.get("initial"), (Duration)
                            b.get("max"));
        }
        return new RetryPolicy(((Long) retry.get("attempts")).intValue(), backoff);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> withValues() {
        return fields.get("with") instanceof Map<?, ?> with ? (Map<String, Object>) with : Map.of();
    }

    private Optional<String> text(String key) {
        return fields.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
