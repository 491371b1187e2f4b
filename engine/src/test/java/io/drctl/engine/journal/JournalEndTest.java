package io.drctl.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.secret.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a journal, which the hash chain alone cannot protect: cut lines, a torn last line,
 * a rewritten last line all leave a chain that verifies. The head beside the journal is what
 * they are checked against.
 */
class JournalEndTest {
    @TempDir
    Path dir;

    private final EventCodec codec = new EventCodec();
    private final Redactor redactor = new Redactor();

    private Path journalWith(String... messages) throws Exception {
        Path file = dir.resolve(Journal.FILE_NAME);
        try (Journal j = Journal.create(file, codec, redactor)) {
            for (String m : messages) {
                j.on(new StepProgress(Instant.parse("2026-11-22T03:00:00Z"), "20261122-030000-abcd", "step-1", m));
            }
        }
        return file;
    }

    private JournalContents read(Path file) {
        return new JournalReader(codec).read(file);
    }

    private static void keepLines(Path file, int n) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, lines.subList(0, n), StandardCharsets.UTF_8);
    }

    @Test
    void deleting_the_last_lines_is_seen_and_says_how_many_are_missing() throws Exception {
        Path file = journalWith("one", "two", "three", "four");
        keepLines(file, 2);

        JournalContents c = read(file);

        assertThat(c.chainVerifies()).isFalse();
        assertThat(c.chainError().orElse(""))
                .contains(
                        "it ends at line 2 but its head counts 4 lines: the last 2 lines are missing (cut or deleted)");
    }

    @Test
    void cutting_the_file_in_the_middle_of_a_counted_line_is_seen() throws Exception {
        Path file = journalWith("one", "two", "three");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        JournalContents c = read(file);

        assertThat(c.tornTail()).isTrue();
        assertThat(c.chainError().orElse("")).contains("the last 1 line is missing");
    }

    @Test
    void rewriting_the_last_line_is_seen() throws Exception {
        Path file = journalWith("one", "two", "run finished: FAILED");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(2, lines.get(2).replace("FAILED", "SUCCEEDED"));
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertThat(read(file).chainError().orElse(""))
                .contains("line 3 is not the line its head recorded: the last line was changed");
    }

    @Test
    void a_journal_without_its_head_does_not_verify() throws Exception {
        Path file = journalWith("one");
        Files.delete(JournalHead.fileFor(file));

        assertThat(read(file).chainError().orElse("")).contains("no journal.head beside it");
    }

    @Test
    void a_partial_line_the_head_never_counted_is_a_crash_not_damage() throws Exception {
        Path file = journalWith("one", "two");
        Files.writeString(file, "{\"seq\":3,\"prev\":\"abc", StandardOpenOption.APPEND);

        JournalContents c = read(file);

        assertThat(c.tornTail()).isTrue();
        assertThat(c.chainVerifies()).as(c.chainError().orElse("")).isTrue();
    }

    @Test
    void a_crash_between_a_durable_line_and_its_head_update_is_accepted_and_the_head_catches_up_on_append()
            throws Exception {
        Path file = journalWith("one", "two", "three");
        String headAfterTwo;
        {
            // the head as it was before line 3: rebuild it from the first two lines
            Path two = dir.resolve("two");
            Files.createDirectories(two);
            Path copy = two.resolve(Journal.FILE_NAME);
            Files.write(copy, Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, 2), StandardCharsets.UTF_8);
            JournalContents c2 = new JournalReader(codec).read(copy);
            headAfterTwo = "lines 2 last " + c2.lastHash() + "\n";
        }
        Files.writeString(JournalHead.fileFor(file), headAfterTwo);

        JournalContents c = read(file);
        assertThat(c.chainVerifies()).as(c.chainError().orElse("")).isTrue();
        assertThat(c.events()).hasSize(3);

        try (Journal j = Journal.openForAppend(file, c, codec, redactor)) {
            j.on(new StepProgress(Instant.parse("2026-11-22T03:00:01Z"), "20261122-030000-abcd", "step-1", "four"));
        }
        assertThat(Files.readString(JournalHead.fileFor(file))).startsWith("lines 4 last ");
        assertThat(read(file).chainVerifies()).isTrue();
    }

    @Test
    void a_line_added_after_the_head_by_hand_is_seen_even_when_it_chains() throws Exception {
        Path file = journalWith("one", "two");
        String head = Files.readString(JournalHead.fileFor(file));
        try (Journal j = Journal.openForAppend(file, read(file), codec, redactor)) {
            j.on(new StepProgress(Instant.parse("2026-11-22T03:00:01Z"), "20261122-030000-abcd", "step-1", "three"));
            j.on(new StepProgress(Instant.parse("2026-11-22T03:00:02Z"), "20261122-030000-abcd", "step-1", "four"));
        }
        Files.writeString(JournalHead.fileFor(file), head); // the head of two lines, four lines in the journal

        assertThat(read(file).chainError().orElse(""))
                .contains("it has 4 lines but its head counts 2: lines were added after the head");
    }
}
