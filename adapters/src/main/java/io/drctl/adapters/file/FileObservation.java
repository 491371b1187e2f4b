package io.drctl.adapters.file;

import io.drctl.engine.plan.DurationText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one look at a file found: missing, unreadable, or its size and modification time — and,
 * against the step's limits, whether that is good enough. An age that cannot be measured (a
 * modification time in the future: the clocks disagree) is unknown, and unknown is never fresh.
 */
record FileObservation(Path path, Kind kind, long bytes, Instant modified, Instant seenAt, String problem) {
    /** How far in the future a modification time may be before the clocks are not trusted. */
    static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(2);

    enum Kind {
        MISSING,
        UNREADABLE,
        NOT_A_FILE,
        PRESENT
    }

    static FileObservation look(Path path, Instant now) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return new FileObservation(path, Kind.NOT_A_FILE, 0, null, now, "is not a regular file");
            }
            return new FileObservation(
                    path,
                    Kind.PRESENT,
                    attributes.size(),
                    attributes.lastModifiedTime().toInstant(),
                    now,
                    null);
        } catch (NoSuchFileException e) {
            // The attributes follow links: a link that exists itself points at nothing.
            boolean dangling = Files.isSymbolicLink(path);
            return new FileObservation(
                    path, Kind.MISSING, 0, null, now, dangling ? "is a link to a missing file" : "does not exist");
        } catch (AccessDeniedException e) {
            return new FileObservation(path, Kind.UNREADABLE, 0, null, now, "cannot be read: permission denied");
        } catch (IOException e) {
            return new FileObservation(path, Kind.UNREADABLE, 0, null, now, "cannot be read: " + e.getMessage());
        }
    }

    /** The file's age, or empty when it has none that can be trusted. */
    Optional<Duration> age() {
        if (kind != Kind.PRESENT) {
            return Optional.empty();
        }
        Duration age = Duration.between(modified, seenAt);
        return age.compareTo(CLOCK_SKEW_TOLERANCE.negated()) < 0
                ? Optional.empty()
                : Optional.of(age.isNegative() ? Duration.ZERO : age);
    }

    /** Why the file does not meet the limits, or empty when it does. */
    Optional<String> shortfall(Optional<Duration> maxAge, long minBytes) {
        if (kind != Kind.PRESENT) {
            return Optional.of(problem);
        }
        if (bytes < minBytes) {
            return Optional.of("has " + bytes + " bytes, fewer than the " + minBytes + " required");
        }
        if (maxAge.isPresent()) {
            Optional<Duration> age = age();
            if (age.isEmpty()) {
                return Optional.of(
                        "has an unknown age: modified " + DurationText.format(Duration.between(seenAt, modified))
                                + " in the future (this machine's clock and the writer's disagree)");
            }
            if (age.get().compareTo(maxAge.get()) > 0) {
                return Optional.of("was modified " + DurationText.format(age.get()) + " ago, longer than maxAge "
                        + DurationText.format(maxAge.get()));
            }
        }
        return Optional.empty();
    }

    /** One phrase for people: {@code 3418 bytes, modified 12m00s ago}. */
    String summary() {
        if (kind != Kind.PRESENT) {
            return problem;
        }
        return bytes + " bytes, "
                + age().map(a -> "modified " + DurationText.format(a) + " ago")
                        .orElse("modified in the future (clocks disagree)");
    }
}
