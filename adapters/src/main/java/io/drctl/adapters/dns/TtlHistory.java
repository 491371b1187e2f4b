package io.drctl.adapters.dns;

import io.drctl.adapters.dns.RecordSet.RrsetKey;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.StepContext;
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
 * <p>Two sources, both read: the {@code dns.ttl} steps of this run (their journaled outputs,
 * which survive a resume on another machine through the mirrored journal), and the records
 * every run keeps in the state directory ({@code runs/<run>/dns/<step>.json}), which is how a
 * preparation run — days before, from the same state directory — is found without the operator
 * naming it. What drctl cannot know: TTLs lowered by hand or from another state directory.
 */
final class TtlHistory {
    /** The state directory's location in the run's environment (the CLI sets it). */
    static final String STATE_DIR_VARIABLE = "DRCTL_STATE_DIR";

    /** One lowering: {@code key} had {@code previousTtl} until {@code at} (plus the provider's publish delay). */
    record Lowering(RrsetKey key, long previousTtl, Instant at, Duration publishDelay, String by) {
        Instant cachesExpireAt() {
            return at.plus(publishDelay).plusSeconds(previousTtl);
        }
    }

    private TtlHistory() {
    }

    /** Every lowering drctl knows of in {@code zone}; {@code problems} collects records that could not be read. */
    static List<Lowering> of(StepContext ctx, String zoneKey, Name zone, List<String> problems) {
        List<Lowering> out = new ArrayList<>(fromThisRun(ctx, zoneKey));
        out.addAll(fromStateDirectory(ctx, zone, problems));
        return out;
    }

    private static List<Lowering> fromThisRun(StepContext ctx, String zoneKey) {
        List<Lowering> out = new ArrayList<>();
        for (StepDefinition step : ctx.plan().steps()) {
            if (!DnsTtlStepType.NAME.equals(step.type()) || !zoneKey.equals(step.with().get("zone"))
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

    private static List<Lowering> fromStateDirectory(StepContext ctx, Name zone, List<String> problems) {
        String stateDir = ctx.environment().get(STATE_DIR_VARIABLE);
        if (stateDir == null || stateDir.isBlank()) {
            return List.of();
        }
        Path runs = Path.of(stateDir).resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        Path thisRun = runDirectoryOrNull(ctx);
        List<Lowering> out = new ArrayList<>();
        try (Stream<Path> runDirs = Files.list(runs)) {
            for (Path run : runDirs.filter(Files::isDirectory).toList()) {
                Path dns = ChangeLog.directory(run);
                if (!Files.isDirectory(dns)) {
                    continue;
                }
                String runName = run.equals(thisRun) ? "this run" : "run " + run.getFileName();
                try (Stream<Path> files = Files.list(dns)) {
                    for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                        try {
                            ChangeLog.Entry e = ChangeLog.read(file);
                            if (ChangeLog.TTL.equals(e.kind()) && zone.toString().equals(e.zone())) {
                                String step = file.getFileName().toString().replaceFirst("\\.json$", "");
                                out.addAll(lowerings(e.previous(), e.at().toString(), e.publishDelay(),
                                        "step " + step + " of " + runName));
                            }
                        } catch (IOException | RuntimeException x) {
                            problems.add(file + " (" + x.getMessage() + ")");
                        }
                    }
                }
            }
        } catch (IOException e) {
            problems.add(runs + " (" + e.getMessage() + ")");
        }
        return out;
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
            if (p instanceof Map<?, ?> m && m.get("name") instanceof String name && m.get("type") instanceof String type
                    && m.get("ttl") instanceof Number ttl) {
                try {
                    out.add(new Lowering(new RrsetKey(Name.fromString(name), RecordType.parse(type)), ttl.longValue(), when,
                            publishDelay, by));
                } catch (org.xbill.DNS.TextParseException | IllegalArgumentException e) {
                    // A record this version cannot read names no RRset it could match.
                }
            }
        }
        return out;
    }
}
