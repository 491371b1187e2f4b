package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.spi.StateLocation;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * The earlier run a {@code dns.update} names with {@code ttlLoweredIn}: the preparation run whose
 * {@code dns.ttl} steps lowered the records' TTLs days before. Naming it turns "drctl may find a
 * lowering" into "drctl must": the run must be in the state directory, its records must be
 * readable, and it must have lowered every RRset the change replaces — otherwise the step stops
 * before changing anything, since the wait could only be told with the lowered TTL, which is the
 * lie {@code waitForTtl} exists to avoid.
 */
final class PreparationRun {
    private PreparationRun() {}

    /** The lowerings run {@code runId} made in {@code zone}, each of {@code replaced} among them. */
    static List<TtlHistory.Lowering> lowerings(StepContext ctx, String runId, Name zone, List<RrsetKey> replaced)
            throws StepFailedException {
        return lowerings(ctx.environment(), runId, zone, replaced);
    }

    /** The same, from the environment that says where the state directory is (drctl preflight has no step context). */
    static List<TtlHistory.Lowering> lowerings(
            Map<String, String> environment, String runId, Name zone, List<RrsetKey> replaced)
            throws StepFailedException {
        Path runs = StateLocation.runsDirectory(StateLocation.root(environment));
        Path run = runs.resolve(runId);
        if (!Files.isDirectory(run)) {
            throw new StepFailedException(
                    "ttlLoweredIn: there is no run " + runId + " in " + runs + " (a run kept on another "
                            + "machine is not here: copy its directory into this state directory's runs/); without it drctl cannot tell "
                            + "which TTL " + (replaced.isEmpty() ? "the records" : names(replaced))
                            + " had before it was lowered, nor "
                            + "how long resolvers may serve the old answer");
        }
        List<TtlHistory.Lowering> found = TtlHistory.inRun(run, "run " + runId, zone);
        Set<RrsetKey> lowered =
                found.stream().map(TtlHistory.Lowering::key).collect(Collectors.toCollection(LinkedHashSet::new));
        List<RrsetKey> notLowered =
                replaced.stream().filter(key -> !lowered.contains(key)).toList();
        if (!notLowered.isEmpty()) {
            throw new StepFailedException(
                    "ttlLoweredIn: run " + runId + " did not lower the TTL of " + names(notLowered)
                            + " in zone " + zone + " (it lowered "
                            + (lowered.isEmpty() ? "no TTL in this zone" : names(List.copyOf(lowered)))
                            + "); drctl cannot tell which TTL " + names(notLowered)
                            + " had before, nor how long resolvers may serve the "
                            + "old answer: name the run that lowered it, or lower it with dns.ttl first");
        }
        return found;
    }

    private static String names(List<RrsetKey> keys) {
        return keys.stream().map(RrsetKey::toString).collect(Collectors.joining(", "));
    }
}
