package io.drctl.engine.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorShortSecretsTest {
    @Test
    void a_one_letter_secret_is_masked_where_it_stands_alone_and_words_are_left_readable() {
        Redactor redactor = new Redactor();
        redactor.register("x");

        assertThat(redactor.redact("password=x; java.nio.file.NoSuchFileException: /etc/x"))
                .isEqualTo("password=***; java.nio.file.NoSuchFileException: /etc/***");
    }

    @Test
    void a_secret_of_four_characters_or_more_is_masked_everywhere_even_inside_words() {
        Redactor redactor = new Redactor();
        redactor.register("hunt");

        assertThat(redactor.redact("hunter2 hunt")).isEqualTo("***er2 ***");
    }
}
