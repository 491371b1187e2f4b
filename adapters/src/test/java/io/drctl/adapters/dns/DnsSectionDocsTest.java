package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.schema.Schema;
import io.drctl.engine.testing.StepTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/sections/dns.md describes every provider and every field a zone entry may have. */
class DnsSectionDocsTest {

    @Test
    void the_page_names_every_provider_and_field() throws Exception {
        Path page =
                StepTypeContract.docsDirectory().getParent().resolve("sections").resolve("dns.md");
        String text = Files.readString(page);

        for (ProviderKind kind : ProviderKind.values()) {
            assertThat(text).contains("| `" + kind.text() + "` |");
        }
        for (Schema.Property field : DnsSection.ZONE.properties().values()) {
            assertThat(text).as("docs/sections/dns.md names `%s`", field.name()).contains("`" + field.name() + "`");
        }
    }
}
