package io.drctl.engine.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferencesTest {
    @TempDir
    Path dir;

    final Redactor redactor = new Redactor();

    @Test
    void env_and_file_references_resolve_anywhere_in_a_string_and_are_registered() throws Exception {
        Path key = dir.resolve("tsig.key");
        Files.writeString(key, "s3cr3t-file\n");
        SecretReferences refs = new SecretReferences(Map.of("TOKEN", "t0k3n"), redactor);
        String resolved = refs.resolve("https://hooks.example/${env:TOKEN}?k=${file:" + key + "}");
        assertThat(resolved).isEqualTo("https://hooks.example/t0k3n?k=s3cr3t-file");
        assertThat(redactor.redact(resolved)).isEqualTo("https://hooks.example/***?k=***");
    }

    @Test
    void a_doubled_dollar_is_a_literal_reference_text() throws Exception {
        assertThat(new SecretReferences(Map.of(), redactor).resolve("cost: $${env:X}"))
                .isEqualTo("cost: ${env:X}");
    }

    @Test
    void a_missing_variable_names_the_reference_but_no_value() {
        assertThatThrownBy(() -> new SecretReferences(Map.of(), redactor).resolve("${env:DB_PASSWORD}"))
                .hasMessage("secret reference ${env:DB_PASSWORD}: the environment variable is not set");
    }

    @Test
    void malformed_references_are_syntax_errors() {
        assertThat(SecretReferences.syntaxError("${vault:x}")).isPresent();
        assertThat(SecretReferences.syntaxError("${env:1BAD}"))
                .get()
                .asString()
                .contains("not a valid environment variable name");
        assertThat(SecretReferences.syntaxError("${file:}")).isPresent();
        assertThat(SecretReferences.syntaxError("plain $HOME and $${literal}")).isEmpty();
    }

    @Test
    void secrets_are_masked_also_in_their_json_escaped_form() {
        redactor.register("pa\"ss\\word");
        assertThat(redactor.redact("{\"p\":\"pa\\\"ss\\\\word\"}")).isEqualTo("{\"p\":\"***\"}");
    }
}
