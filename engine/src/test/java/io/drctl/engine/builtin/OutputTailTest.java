package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    private static OutputTail drain(String text, int limit, List<String> lines) {
        OutputTail tail =
                new OutputTail(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit, lines::add);
        tail.run();
        return tail;
    }

    @Test
    void keeps_everything_under_the_limit_and_reports_each_non_blank_line() {
        List<String> lines = new ArrayList<>();
        OutputTail tail = drain("one\n\ntwo\r\nthree", 100, lines);

        assertThat(tail.text()).isEqualTo("one\n\ntwo\r\nthree");
        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(tail.lastLine()).isEqualTo("three");
    }

    @Test
    void keeps_only_the_tail_starting_at_a_line_and_says_how_much_was_dropped() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append('\n');
        }
        OutputTail tail = drain(text.toString(), 30, new ArrayList<>());

        assertThat(tail.text())
                .isEqualTo(
                        "[drctl: " + (text.length() - 27) + " earlier bytes not kept]\nline 997\nline 998\nline 999\n");
        assertThat(tail.totalBytes()).isEqualTo(text.length());
    }

    @Test
    void a_limit_of_zero_keeps_nothing_but_still_reports_lines() {
        List<String> lines = new ArrayList<>();
        OutputTail tail = drain("a\nb\n", 0, lines);

        assertThat(tail.text()).isEqualTo("[drctl: 4 earlier bytes not kept]\n");
        assertThat(lines).containsExactly("a", "b");
    }

    @Test
    void lines_lose_colour_codes_and_control_characters_for_the_one_line_status() {
        assertThat(OutputTail.clean("\u001B[32mOK\u001B[0m\tdone\u0007")).isEqualTo("OK\tdone");
    }
}
