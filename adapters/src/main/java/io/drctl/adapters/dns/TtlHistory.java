package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.StateLocation;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * The TTLs drctl lowered in a zone before, with when: a resolver that fetched a record just
 * before its TTL was lowered may serve it for the whole old TTL, so the wait after a change
 * must count from the lowering with the old TTL, not with the low one the zone shows now.
 *
 * <p>Three sources, all read: the {@code dns.ttl} steps of this run (their journaled outputs,
 * which survive a resume on another machine through the mirrored journal); the records every
 * run keeps in the state directory ({@code runs/<run>/dns/<step>.json}), which is how a
 * preparation run — days before, from the same state directory — is found without the operator
 * naming it; and the preparation run a step names ({@code ttlLoweredIn}, see
 * {@link PreparationRun}), which must be there and must have lowered every record the change
 * replaces. A record that cannot be read is an error, never skipped: it may be the very
 * lowering that decides the wait. What drctl cannot know: TTLs lowered by hand or from another
 * state directory.
 */
final class TtlHistory {
    /**
     * The state directory's location in the run's environment (the CLI always sets it). The scan
     * of every run happens only when it is set; a run named with {@code ttlLoweredIn} is looked
     * for where {@link StateLocation} says, since the plan demands it.
     */
    static final String STATE_DIR_VARIABLE = StateLocation.VARIABLE;

    /** One lowering: {@code key} had {@code previousTtl} until {@code at} (plus the provider's publish delay). */
    record Lowering(RrsetKey key, long previousTtl, Instant at, Duration publishDelay, String by) {
        Instant cachesExpireAt() {
            return at.plus(publishDelay).plusSeconds(previousTtl);
        }
    }

    private TtlHistory() {}

    /**
     * Every lowering drctl knows of in the zone of {@code settings}, for a change that replaces
     * {@code replaced}: this run's, the state directory's, and the named preparation run's.
     *
     * @throws StepFailedException when a record cannot be read, or the named run is not there or
     *         did not lower one of {@code replaced}: the wait could not be told
     */
    static List<Lowering> of(StepContext ctx, DnsStepSettings settings, List<RrsetKey> replaced)
            throws StepFailedException {
        List<Lowering> out = new ArrayList<>(fromThisRun(ctx, settings.zoneKey()));
        out.addAll(fromStateDirectory(ctx, settings.zone()));
        if (settings.ttlLoweredIn().isPresent()) {
            out.addAll(PreparationRun.lowerings(ctx, settings.ttlLoweredIn().get(), settings.zone(), replaced));
        }
        return out;
    }

    private static List<Lowering> fromThisRun(StepContext ctx, String zoneKey) {
        List<Lowering> out = new ArrayList<>();
        for (StepDefinition step : ctx.plan().steps()) {
            if (!DnsTtlStepType.NAME.equals(step.type())
                    || !zoneKey.equals(step.with().get("zone"))
                    || step.id().equals(ctx.definition().id())) {
                continue;
            }
            Map<String, Object> outputs = ctx.outputsOf(step.id());
            if (outputs.get("changedAt") instanceof String at && outputs.get("previous") instanceof List<?> previous) {
                out.addAll(lowerings(previous, at, Duration.ZERO, "step " + step.id() + " of this run"));
            }
        }
        return out;
    }

    private static List<Lowering> fromStateDirectory(StepContext ctx, Name zone) throws StepFailedException {
        String stateDir = ctx.environment().get(STATE_DIR_VARIABLE);
        if (stateDir == null || stateDir.isBlank()) {
            return List.of();
        }
        Path runs = StateLocation.runsDirectory(Path.of(stateDir));
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        Path thisRun = runDirectoryOrNull(ctx);
        List<Lowering> out = new ArrayList<>();
        List<Path> runDirs;
        try (Stream<Path> listed = Files.list(runs)) {
            runDirs = listed.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw unreadable(runs, e);
        }
        for (Path run : runDirs) {
            String runName = run.equals(thisRun) ? "this run" : "run " + run.getFileName();
            out.addAll(inRun(run, runName, zone));
        }
        return out;
    }

    /** The lowerings in {@code zone} that the run in {@code runDirectory} recorded; none when it changed no DNS. */
    static List<Lowering> inRun(Path runDirectory, String runName, Name zone) throws StepFailedException {
        Path dns = ChangeLog.directory(runDirectory);
        if (!Files.isDirectory(dns)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(dns)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw unreadable(dns, e);
        }
        List<Lowering> out = new ArrayList<>();
        for (Path file : files) {
            ChangeLog.Entry e;
            try {
                e = ChangeLog.read(file);
            } catch (IOException | RuntimeException x) {
                throw unreadable(file, x);
            }
            if (ChangeLog.TTL.equals(e.kind()) && zone.toString().equals(e.zone())) {
                String step = file.getFileName().toString().replaceFirst("\\.json$", "");
                out.addAll(lowerings(
                        e.previous(), e.at().toString(), e.publishDelay(), "step " + step + " of " + runName));
            }
        }
        return out;
    }

    /** A record of an earlier run that cannot be read may be the lowering that decides the wait: the wait cannot be told. */
    private static StepFailedException unreadable(Path file, Exception e) {
        String why = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().strip().lines().findFirst().orElse("");
        return new StepFailedException(
                "waitForTtl: cannot read " + file + " (" + why + "), a record of an earlier run's DNS "
                        + "changes: drctl cannot tell whether it lowered this TTL, nor how long resolvers may serve the old answer; "
                        + "repair or remove it");
    }

    private static Path runDirectoryOrNull(StepContext ctx) {
        try {
            return ctx.runDirectory();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<Lowering> lowerings(List<?> previous, String at, Duration publishDelay, String by) {
        List<Lowering> out = new ArrayList<>();
        Instant when;
        try {
            when = Instant.parse(at);
        } catch (DateTimeParseException e) {
            return out;
        }
        for (Object p : previous) {
            if (p instanceof Map<?, ?> m && m.get("ttl") instanceof Number ttl) {
                // A record this version cannot read names no RRset it could match.
                RecordSet.keyOf(m)
                        .ifPresent(key -> out.add(new Lowering(key, ttl.longValue(), when, publishDelay, by)));
            }
        }
        return out;
    }
}
