package io.drctl.engine.run;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.journal.Journal;
import io.drctl.engine.spi.StateLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where drctl keeps run state: {@code $XDG_STATE_HOME/drctl} (else {@code ~/.local/state/drctl}),
 * or {@code --state-dir}. Runs live in {@code runs/<run-id>/}, plan locks in {@code locks/}.
 */
public final class StateDirectory {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern RUN_ID = Pattern.compile(StateLocation.RUN_ID_PATTERN);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public StateDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The default location, from the environment the way the XDG base-directory spec says. */
    public static StateDirectory defaultFor(Map<String, String> env) {
        return new StateDirectory(StateLocation.defaultRoot(env));
    }

    public Path root() {
        return root;
    }

    public Path runsDirectory() {
        return StateLocation.runsDirectory(root);
    }

    public Path locksDirectory() {
        return root.resolve("locks");
    }

    /** A fresh, sortable run id: UTC start time and a random suffix, e.g. 20261122-031500-7f3a. */
    public static String newRunId(Instant now) {
        byte[] b = new byte[2];
        RANDOM.nextBytes(b);
        return ID_TIME.format(now) + "-" + HexFormat.of().formatHex(b);
    }

    public Path createRunDirectory(String runId) {
        Path dir = runsDirectory().resolve(runId);
        try {
            Files.createDirectories(runsDirectory());
            Files.createDirectory(dir);
            Files.createDirectories(dir.resolve("approvals"));
            return dir;
        } catch (IOException e) {
            throw new DrctlException(ExitCode.USAGE, "cannot create run state in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory of an existing run; a clear error when there is none. */
    public Path runDirectory(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "'" + runId + "' is not a run id (they look like 20261122-031500-7f3a; see 'drctl runs')");
        }
        Path dir = runsDirectory().resolve(runId);
        if (!Files.isRegularFile(dir.resolve(Journal.FILE_NAME))) {
            throw new DrctlException(
                    ExitCode.USAGE, "no run " + runId + " in " + runsDirectory() + " (see 'drctl runs')");
        }
        return dir;
    }

    /** Every run's id, newest first. */
    public List<String> runIds() {
        if (!Files.isDirectory(runsDirectory())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runsDirectory())) {
            List<String> ids = new ArrayList<>(s.map(p -> p.getFileName().toString())
                    .filter(n -> RUN_ID.matcher(n).matches())
                    .filter(n -> Files.isRegularFile(runsDirectory().resolve(n).resolve(Journal.FILE_NAME)))
                    .toList());
            ids.sort(Comparator.reverseOrder());
            return ids;
        } catch (IOException e) {
            throw new DrctlException(
                    ExitCode.USAGE, "cannot list runs in " + runsDirectory() + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> latestRunId() {
        return runIds().stream().findFirst();
    }
}
