package io.drctl.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An exclusive OS file lock per plan name, held for a whole run or resume, so two operators
 * cannot drive the same plan at once from one machine — taken twice: in the state directory
 * (which other machines may share, and where {@code status} looks) and in one machine-wide
 * directory, so two state directories on one machine cannot both run the plan. Each lock file
 * says who holds it; the OS releases the locks when the holder dies, so a crashed run never
 * leaves them stuck.
 */
public final class PlanLock implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the machine-wide locks live: the same for every user and state directory of this machine. */
    public static final String MACHINE_DIRECTORY_VARIABLE = "DRCTL_MACHINE_LOCK_DIR";

    private static final Path MACHINE_DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "drctl-locks");

    private final FileChannel channel;
    private final FileLock lock;
    private final PlanLock machineWide;

    private PlanLock(FileChannel channel, FileLock lock, PlanLock machineWide) {
        this.channel = channel;
        this.lock = lock;
        this.machineWide = machineWide;
    }

    /** Takes the lock or throws a {@link ExitCode#LOCKED} error naming the holder. */
    public static PlanLock acquire(StateDirectory state, String planName, String runId, String operator, String host) {
        return acquire(state, planName, runId, operator, host, Map.of());
    }

    /**
     * Takes the lock, machine-wide first ({@code environment} may name its directory, else the
     * machine's temporary directory), then in the state directory; or throws a
     * {@link ExitCode#LOCKED} error naming the holder.
     */
    public static PlanLock acquire(
            StateDirectory state,
            String planName,
            String runId,
            String operator,
            String host,
            Map<String, String> environment) {
        Path machine = Path.of(environment.getOrDefault(MACHINE_DIRECTORY_VARIABLE, MACHINE_DIRECTORY.toString()));
        Path local = state.locksDirectory().resolve(planName + ".lock");
        if (machine.resolve(planName + ".lock")
                .toAbsolutePath()
                .normalize()
                .equals(local.toAbsolutePath().normalize())) {
            // The machine's lock directory is this state directory's own: one lock, or the run
            // would find itself holding it and refuse to start.
            return take(local, planName, runId, operator, host, state, false, null);
        }
        PlanLock machineWide;
        try {
            machineWide = take(machine.resolve(planName + ".lock"), planName, runId, operator, host, state, true, null);
        } catch (DrctlException e) {
            if (!(e.getCause() instanceof AccessDeniedException)) {
                throw e;
            }
            // Another user's lock file this user may not open: the machine-wide lock cannot be taken
            // here, and the state directory's lock still guards this user's runs.
            machineWide = null;
        }
        try {
            return take(local, planName, runId, operator, host, state, false, machineWide);
        } catch (RuntimeException e) {
            if (machineWide != null) {
                closeQuietly(machineWide.channel);
            }
            throw e;
        }
    }

    private static PlanLock take(
            Path file,
            String planName,
            String runId,
            String operator,
            String host,
            StateDirectory state,
            boolean shared,
            PlanLock machineWide) {
        FileChannel ch = null;
        try {
            if (shared && !Files.isDirectory(file.getParent())) {
                Files.createDirectories(file.getParent());
                // Shared by every user of the machine: each may create its plans' locks here (the OS lock, not the
                // file, is what holds).
                try {
                    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
                } catch (UnsupportedOperationException | IOException e) {
                    // not POSIX, or not ours: the lock still works for this user
                }
            }
            Files.createDirectories(file.getParent());
            boolean isNew = shared && !Files.exists(file);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (isNew) {
                try {
                    // Any user of the machine may lock this plan after this one: they open the same file.
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                } catch (UnsupportedOperationException | IOException e) {
                    // not POSIX: one user per machine, as before
                }
            }
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process (another run in the same JVM)
            }
            if (lock == null) {
                String holder = describeHolder(file);
                ch.close();
                throw new DrctlException(
                        ExitCode.LOCKED,
                        "plan '" + planName + "' is locked by " + holder + "; wait for it to finish, or stop it");
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("run", runId);
            info.put("operator", operator);
            info.put("host", host);
            info.put("pid", ProcessHandle.current().pid());
            info.put("since", Instant.now().toString());
            info.put("stateDir", state.root().toString());
            // Written over the old content, then cut to length: a reader never sees an empty file.
            byte[] bytes = JSON.writeValueAsBytes(info);
            ch.write(ByteBuffer.wrap(bytes), 0);
            ch.truncate(bytes.length);
            ch.force(true);
            return new PlanLock(ch, lock, machineWide);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DrctlException(
                    ExitCode.USAGE,
                    "cannot lock plan '" + planName + "' in " + file.getParent() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Who holds the plan's lock right now, if anyone: the holder's run id and a description.
     * Taking and at once releasing the lock is the only reliable test, since the OS drops a dead
     * holder's lock while its file stays behind.
     */
    public static Optional<Holder> holder(StateDirectory state, String planName) {
        Path file = state.locksDirectory().resolve(planName + ".lock");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            String run = "";
            try {
                run = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))
                        .path("run")
                        .asText("");
            } catch (IOException | RuntimeException e) {
                // holder unknown
            }
            return Optional.of(new Holder(run, describeHolder(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A live holder of a plan lock. */
    public record Holder(String runId, String description) {}

    /** Who holds it, as far as its file says; never a row of question marks. */
    static String describeHolder(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            n = null;
        }
        if (n == null || !n.hasNonNull("run") || n.path("run").asText().isBlank()) {
            return "another run that has not recorded who it is yet (it is starting, or its lock file " + file
                    + " was damaged)";
        }
        StringBuilder b = new StringBuilder("run ").append(n.get("run").asText());
        List<String> facts = new ArrayList<>();
        if (n.hasNonNull("operator")) {
            facts.add("operator " + n.get("operator").asText()
                    + (n.hasNonNull("host") ? " on host " + n.get("host").asText() : ""));
        }
        if (n.hasNonNull("pid")) {
            facts.add("pid " + n.get("pid").asText());
        }
        if (n.hasNonNull("since")) {
            facts.add("since " + n.get("since").asText());
        }
        if (n.hasNonNull("stateDir")) {
            facts.add("state directory " + n.get("stateDir").asText());
        }
        return facts.isEmpty()
                ? b.toString()
                : b.append(" (").append(String.join(", ", facts)).append(')').toString();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing after a failure; the first error is the one worth reporting
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            if (machineWide != null) {
                machineWide.close();
            }
        }
    }
}
