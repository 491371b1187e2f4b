package io.drctl.engine.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.schema.Schema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepDocumentationTest {

    @Test
    void the_parameter_table_shows_type_default_or_required_and_description() {
        Schema.Obj parameters = Schema.object("p")
                .required("url", Schema.string("Where | to probe."))
                .optional("method", Schema.oneOf("HTTP method.", "GET", "HEAD"), "GET")
                .optional("interval", Schema.duration("Pause."), Duration.ofSeconds(90))
                .optional(
                        "codes",
                        Schema.array(
                                        "Codes.",
                                        Schema.integer("A code.").min(100).max(599))
                                .minItems(1),
                        List.of(200L))
                .optional("note", Schema.string("Free text.").noSecrets());

        assertThat(StepDocumentation.parameterTable(parameters)).isEqualTo("""
                | Parameter | Type | Default | Description |
                |---|---|---|---|
                | `url` | string (secret references allowed) | **required** | Where \\| to probe. |
                | `method` | `GET` \\| `HEAD` | `GET` | HTTP method. |
                | `interval` | duration | `1m30s` | Pause. |
                | `codes` | list of integer 100–599, at least 1 | `[200]` | Codes. |
                | `note` | string | — | Free text. |
                """);
    }

    @Test
    void alternatives_read_as_or() {
        assertThat(StepDocumentation.typeText(
                        Schema.anyOf("x", Schema.integer("a"), Schema.array("b", Schema.integer("c")))))
                .isEqualTo("integer or list of integer");
    }
}
