package io.drctl.engine.plan;

import java.time.Duration;
import java.util.Optional;

/** {@code spec.objectives}: the recovery time and point objectives a run is measured against. */
public record Objectives(Optional<Duration> rto, Optional<Duration> rpo) {
    public static final Objectives NONE = new Objectives(Optional.empty(), Optional.empty());
}
