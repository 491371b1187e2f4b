package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
    @Test
    void command_lines_are_split_at_next_and_empty_ones_dropped() {
        assertThat(AotTraining.commands("--next", "validate", "a.yaml", "--next", "--next", "rehearse", "p.yaml"))
                .containsExactly(List.of("validate", "a.yaml"), List.of("rehearse", "p.yaml"));
        assertThat(AotTraining.commands()).isEmpty();
    }
}
