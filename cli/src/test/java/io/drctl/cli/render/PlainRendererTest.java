package io.drctl.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.secret.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainRendererTest {
    private final StringWriter text = new StringWriter();
    private final PlainRenderer renderer = new PlainRenderer(
            new PrintWriter(text), new Style(false), new Redactor(), Map.of("wait", Duration.ofMinutes(5)));
    private final Instant start = Instant.parse("2026-12-03T01:00:00Z");

    private void progress(long secondsIn, String message) {
        renderer.on(new StepProgress(start.plusSeconds(secondsIn), "run-1", "wait", message));
    }

    @Test
    void a_long_wait_off_a_terminal_says_the_same_thing_once_then_at_most_every_thirty_seconds() {
        renderer.on(new StepStarted(start, "run-1", "wait", "k8s.wait", 1));
        for (int s = 1; s <= 61; s++) {
            progress(s, "0/45 ready");
        }

        assertThat(text.toString().lines().filter(l -> l.contains("0/45 ready")))
                .hasSize(3); // at 1 s, 31 s and 61 s
    }

    @Test
    void news_is_shown_at_once_and_a_long_wait_says_how_much_of_its_timeout_is_left() {
        renderer.on(new StepStarted(start, "run-1", "wait", "k8s.wait", 1));
        progress(1, "0/45 ready");
        progress(2, "10/45 ready");
        progress(72, "44/45 ready");

        assertThat(text.toString())
                .contains("10/45 ready" + System.lineSeparator())
                .contains("44/45 ready (3m48s left of 5m)");
        assertThat(text.toString()).doesNotContain("0/45 ready (");
    }

    @Test
    void an_approval_off_a_terminal_names_only_the_command_that_answers_it() {
        StringWriter plain = new StringWriter();
        new PlainRenderer(new PrintWriter(plain), new Style(false), new Redactor(), Map.of(), false)
                .on(new io.drctl.engine.event.RunEvent.ApprovalRequested(
                        start, "run-1", "go", "req-1", "Promote gasan?", "0".repeat(64), "drctl approve run-1 go"));

        assertThat(plain.toString())
                .contains("approval needed: Promote gasan? — approve with: drctl approve run-1 go [--deny]")
                .doesNotContain("approve here");
    }
}
