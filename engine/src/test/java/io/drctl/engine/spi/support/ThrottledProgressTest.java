package io.drctl.engine.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledProgressTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<String> emitted = new ArrayList<>();
    private final ThrottledProgress progress = new ThrottledProgress(emitted::add, Duration.ofSeconds(1), clock::get);

    @Test
    void the_first_message_goes_out_at_once_and_later_ones_at_most_once_per_interval() {
        progress.offer("a");
        progress.offer("b");
        progress.offer("c");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.offer("d");

        assertThat(emitted).containsExactly("a", "d");
    }

    @Test
    void the_latest_held_back_message_goes_out_when_due_or_on_flush() {
        progress.offer("a");
        progress.offer("b");
        progress.flushIfDue();
        assertThat(emitted).containsExactly("a");

        clock.addAndGet(Duration.ofMillis(1500).toNanos());
        progress.flushIfDue();
        progress.offer("c");
        progress.flush();

        assertThat(emitted).containsExactly("a", "b", "c");
        progress.flush();
        assertThat(emitted).as("nothing pending, nothing repeated").hasSize(3);
    }
}
