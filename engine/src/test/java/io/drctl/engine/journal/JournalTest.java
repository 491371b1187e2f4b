package io.drctl.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
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

class JournalTest {
    @TempDir
    Path dir;

    final EventCodec codec = new EventCodec();
    final Redactor redactor = new Redactor();

    Path journalWith(String... messages) throws Exception {
        Path file = dir.resolve(Journal.FILE_NAME);
        try (Journal j = Journal.create(file, codec, redactor)) {
            for (String m : messages) {
                j.on(progress(m));
            }
        }
        return file;
    }

    static RunEvent progress(String message) {
        return new StepProgress(Instant.parse("2026-11-22T03:00:00Z"), "20261122-030000-abcd", "step-1", message);
    }

    @Test
    void events_read_back_equal_to_what_was_written_and_the_chain_verifies() throws Exception {
        JournalContents c = new JournalReader(codec).read(journalWith("one", "two", "three"));
        assertThat(c.events()).containsExactly(progress("one"), progress("two"), progress("three"));
        assertThat(c.chainVerifies()).isTrue();
        assertThat(c.lastSeq()).isEqualTo(3);
    }

    @Test
    void a_torn_last_line_is_tolerated_and_cut_off_before_appending() throws Exception {
        Path file = journalWith("one", "two");
        Files.writeString(file, "{\"seq\":3,\"prev\":\"abc", StandardOpenOption.APPEND);
        JournalContents c = new JournalReader(codec).read(file);
        assertThat(c.tornTail()).isTrue();
        assertThat(c.chainVerifies()).isTrue();
        assertThat(c.events()).hasSize(2);

        try (Journal j = Journal.openForAppend(file, c, codec, redactor)) {
            j.on(progress("three"));
        }
        JournalContents after = new JournalReader(codec).read(file);
        assertThat(after.tornTail()).isFalse();
        assertThat(after.chainVerifies()).isTrue();
        assertThat(after.events()).containsExactly(progress("one"), progress("two"), progress("three"));
    }

    @Test
    void an_edited_line_breaks_the_chain_at_the_line_after_it() throws Exception {
        Path file = journalWith("one", "two", "three");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(0, lines.get(0).replace("\"one\"", "\"uno\""));
        Files.write(file, lines, StandardCharsets.UTF_8);
        JournalContents c = new JournalReader(codec).read(file);
        assertThat(c.chainVerifies()).isFalse();
        assertThat(c.chainError()).contains("line 2: previous-line hash does not match");
    }

    @Test
    void a_removed_line_breaks_the_sequence() throws Exception {
        Path file = journalWith("one", "two", "three");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.remove(1);
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThat(new JournalReader(codec).read(file).chainError()).contains("line 2: sequence 3, expected 2");
    }

    @Test
    void secrets_never_reach_the_journal() throws Exception {
        redactor.register("hunter2-canary");
        Path file = journalWith("password is hunter2-canary");
        assertThat(Files.readString(file)).doesNotContain("hunter2").contains("password is ***");
        assertThat(new JournalReader(codec).read(file).chainVerifies()).isTrue();
    }
}
