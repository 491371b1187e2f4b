package io.drctl.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.event.RunEvent.RunFinished;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepSkipped;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecCasingTest {
    private final EventCodec codec = new EventCodec();
    private final Instant at = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void outcomes_kinds_and_reasons_are_written_in_lower_case_with_hyphens() {
        assertThat(codec.encodeLine(new RunFinished(at, "r", RunOutcome.NEEDS_HUMAN, 4, 10, "s")))
                .contains("\"outcome\":\"needs-human\"");
        assertThat(codec.encodeLine(
                        new StepFailed(at, "r", "s", FailureKind.TIMED_OUT, "m", 1, false, false, 5, Map.of())))
                .contains("\"kind\":\"timed-out\"");
        assertThat(codec.encodeLine(new StepSkipped(at, "r", "s", SkipReason.NOT_IN_MODE, "d")))
                .contains("\"reason\":\"not-in-mode\"");
    }

    @Test
    void an_event_written_in_either_casing_reads_back_the_same() throws Exception {
        var mapper = codec.mapper();
        String now =
                "{\"ts\":\"2026-12-03T10:00:00Z\",\"run\":\"r\",\"type\":\"run.finished\",\"data\":{\"outcome\":\"needs-human\",\"exitCode\":4}}";
        String before = now.replace("needs-human", "NEEDS_HUMAN");

        assertThat(((RunFinished) codec.decode(mapper.readTree(now)).orElseThrow()).outcome())
                .isEqualTo(RunOutcome.NEEDS_HUMAN);
        assertThat(((RunFinished) codec.decode(mapper.readTree(before)).orElseThrow()).outcome())
                .isEqualTo(RunOutcome.NEEDS_HUMAN);
    }

    @Test
    void a_value_no_enum_has_is_a_malformed_event() {
        String odd =
                "{\"ts\":\"2026-12-03T10:00:00Z\",\"run\":\"r\",\"type\":\"run.finished\",\"data\":{\"outcome\":\"maybe\"}}";
        assertThatThrownBy(() -> codec.decode(codec.mapper().readTree(odd)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed run.finished");
    }
}
