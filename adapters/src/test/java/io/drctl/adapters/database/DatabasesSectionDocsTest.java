package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.schema.Schema;
import io.drctl.engine.testing.StepTypeContract;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/databases.md describes every field the section's schema has. */
class DatabasesSectionDocsTest {

    @Test
    void the_page_names_every_field_of_the_section() throws Exception {
        String page =
                Files.readString(StepTypeContract.docsDirectory().getParent().resolve("databases.md"));

        assertThat(fields("", DatabasesSection.DATABASE))
                .allSatisfy(field -> assertThat(page).contains("`" + field + "`"));
    }

    private static List<String> fields(String prefix, Schema.Obj object) {
        List<String> out = new ArrayList<>();
        for (Schema.Property p : object.properties().values()) {
            out.add(prefix + p.name());
            if (p.schema() instanceof Schema.Obj nested) {
                out.addAll(fields(prefix + p.name() + ".", nested));
            } else if (p.schema() instanceof Schema.MapOf map && map.values() instanceof Schema.Obj values) {
                out.addAll(fields(prefix + p.name() + ".<site>.", values));
            }
        }
        return out;
    }
}
