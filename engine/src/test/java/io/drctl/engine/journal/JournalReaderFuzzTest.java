package io.drctl.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.secret.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Whatever a journal holds — cut, torn, edited, garbage, lines swapped — reading it never throws:
 * it reads what verifies and says what does not. Every command that shows a run (status, runs,
 * report, resume) starts here, so this is what keeps them from crashing on a damaged record.
 */
class JournalReaderFuzzTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");
    private static final String RUN = "20261122-030000-abcd";

    private final EventCodec codec = new EventCodec();
    private Path dir;
    private byte[] valid;

    @BeforeProperty
    void writeAValidJournal() throws Exception {
        dir = Files.createTempDirectory("drctl-journal-fuzz");
        Path file = dir.resolve(Journal.FILE_NAME);
        try (Journal j = Journal.create(file, codec, new Redactor())) {
            j.on(new RunEvent.RunStarted(
                    AT,
                    RUN,
                    "chat",
                    "/plans/chat.yaml",
                    "0".repeat(64),
                    "failover",
                    "kim",
                    "host",
                    "fire",
                    List.of("fence", "promote")));
            j.on(new RunEvent.StepStarted(AT, RUN, "fence", "db.fence", 1));
            j.on(new RunEvent.StepProgress(AT, RUN, "fence", "fencing ✓ ünïcode"));
            j.on(new RunEvent.StepSucceeded(AT, RUN, "fence", true, 12, java.util.Map.of("fenced", "proven")));
            j.on(new RunEvent.StepStarted(AT, RUN, "promote", "db.promote", 1));
            j.on(new RunEvent.RunFinished(AT, RUN, RunOutcome.SUCCEEDED, 0, 40, "2 succeeded"));
        }
        valid = Files.readAllBytes(file);
    }

    @AfterProperty
    void removeIt() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** Reads {@code journal} with the valid journal's head beside it: must not throw, whatever it is. */
    private JournalContents readAsJournal(byte[] journal, boolean keepHead) throws Exception {
        Path file = dir.resolve(Journal.FILE_NAME);
        Files.write(file, journal);
        if (!keepHead) {
            Files.deleteIfExists(dir.resolve(JournalHead.FILE_NAME));
        }
        return new JournalReader(codec).read(file);
    }

    @Property(tries = 300)
    void any_bytes_at_all_are_read_without_an_exception(@ForAll byte[] garbage, @ForAll boolean keepHead)
            throws Exception {
        JournalContents c = readAsJournal(garbage, keepHead);

        assertThat(c).isNotNull();
        if (garbage.length > 0) {
            assertThat(c.chainVerifies()).isFalse();
        }
    }

    @Property(tries = 500)
    void a_damaged_journal_is_read_without_an_exception_and_never_verifies(@ForAll("damage") Damage damage)
            throws Exception {
        byte[] damaged = damage.applyTo(valid);

        JournalContents c = readAsJournal(damaged, true);

        assertThat(c).isNotNull();
        if (!java.util.Arrays.equals(damaged, valid)) {
            assertThat(c.chainVerifies()).as("%s", damage).isFalse();
        }
    }

    /** One way a journal gets damaged: bytes flipped, a cut, a line dropped or duplicated, text inserted. */
    record Damage(String kind, int where, int value) {
        byte[] applyTo(byte[] journal) {
            List<String> lines = new ArrayList<>(
                    new String(journal, StandardCharsets.UTF_8).lines().toList());
            int at = Math.floorMod(where, Math.max(1, journal.length));
            int line = Math.floorMod(where, Math.max(1, lines.size()));
            return switch (kind) {
                case "flip" -> {
                    byte[] copy = journal.clone();
                    copy[at] = (byte) (copy[at] ^ (value == 0 ? 1 : value));
                    yield copy;
                }
                case "cut" -> java.util.Arrays.copyOf(journal, at);
                case "drop" -> {
                    lines.remove(line);
                    yield (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                }
                case "duplicate" -> {
                    lines.add(line, lines.get(line));
                    yield (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                }
                case "swap" -> {
                    int other = Math.floorMod(value, lines.size());
                    String a = lines.get(line);
                    lines.set(line, lines.get(other));
                    lines.set(other, a);
                    yield (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                }
                default -> { // insert
                    lines.add(
                            line,
                            switch (Math.floorMod(value, 6)) {
                                case 0 -> "";
                                case 1 -> "{";
                                case 2 -> "{\"seq\":1,\"prev\":null,\"type\":\"step.failed\",\"data\":{}}";
                                case 3 -> "null";
                                case 4 -> "[1,2,3]";
                                default ->
                                    "{\"seq\":\"x\",\"ts\":\"not a time\",\"type\":\"run.finished\",\"data\":{\"outcome\":\"MAYBE\"}}";
                            });
                    yield (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                }
            };
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.of("flip", "cut", "drop", "duplicate", "swap", "insert"),
                        Arbitraries.integers().between(0, 100_000),
                        Arbitraries.integers().between(0, 255))
                .as(Damage::new);
    }
}
