package io.drctl.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.StepType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Assertions every step type must pass: it documents itself completely (descriptions on every
 * schema, an example that is a valid step entry, documentation covering the three phases) and
 * its user-facing page {@code docs/steps/<name>.md} is up to date.
 *
 * <p>The page is generated from the type; after changing a type's summary, example or
 * documentation, run the tests once with {@code -Ddrctl.updateDocs=true} to rewrite it.
 */
public final class StepTypeContract {
    public static final String UPDATE_DOCS_PROPERTY = "drctl.updateDocs";

    private StepTypeContract() {}

    public static void assertDocumentsItself(StepType type) {
        assertThat(type.name()).as("name").matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
        assertThat(type.summary())
                .as("summary of %s", type.name())
                .isNotBlank()
                .doesNotContain("\n")
                .endsWith(".");
        assertThat(undescribed("with", type.parameters()))
                .as("schemas of %s without a description", type.name())
                .isEmpty();
        assertExampleIsAStepOf(type);
        assertThat(type.documentation())
                .as("documentation of %s", type.name())
                .contains("check", "apply", "verify", "Outputs", "Failure modes");
        for (String parameter : type.parameters().properties().keySet()) {
            assertThat(type.documentation())
                    .as("documentation of %s mentions parameter %s", type.name(), parameter)
                    .contains("`" + parameter + "`");
        }
    }

    /** The example parses as YAML, is a step of this type, and its {@code with} fits the parameters. */
    @SuppressWarnings("unchecked")
    public static void assertExampleIsAStepOf(StepType type) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(type.example());
        assertThat(parsed).as("example of %s", type.name()).isInstanceOf(Map.class);
        Map<String, Object> step = (Map<String, Object>) parsed;
        assertThat(step).as("example of %s", type.name()).containsKey("id").containsEntry("type", type.name());
        Map<String, Object> with = step.get("with") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        assertThat(type.parameters().properties().keySet())
                .as("parameters of %s", type.name())
                .containsAll(with.keySet());
        type.parameters().properties().values().stream()
                .filter(Schema.Property::required)
                .forEach(p -> assertThat(with)
                        .as("example of %s gives required %s", type.name(), p.name())
                        .containsKey(p.name()));
    }

    /** {@code docs/steps/<name>.md} equals {@link #docsPage}; rewrites it when {@value #UPDATE_DOCS_PROPERTY} is set. */
    public static void assertDocsPageUpToDate(StepType type) {
        Path page = docsDirectory().resolve(type.name() + ".md");
        String expected = docsPage(type);
        try {
            if (Boolean.getBoolean(UPDATE_DOCS_PROPERTY)) {
                Files.createDirectories(page.getParent());
                Files.writeString(page, expected, StandardCharsets.UTF_8);
            }
            assertThat(page).as("docs page of %s", type.name()).exists();
            assertThat(Files.readString(page, StandardCharsets.UTF_8))
                    .as("%s is out of date: run the tests with -D%s=true to regenerate it", page, UPDATE_DOCS_PROPERTY)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user-facing page of a step type: its summary, its example and its documentation. */
    public static String docsPage(StepType type) {
        return "<!-- Generated from " + type.getClass().getSimpleName() + " (summary, example, documentation). "
                + "Edit those, then run the tests with -D" + UPDATE_DOCS_PROPERTY + "=true. -->\n"
                + "# `" + type.name() + "`\n\n"
                + type.summary() + "\n\n"
                + "```yaml\n" + type.example().stripTrailing() + "\n```\n\n"
                + type.documentation().stripTrailing() + "\n";
    }

    /** {@code docs/steps} of the checkout, found upwards from the working directory (a module's directory). */
    public static Path docsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("docs").resolve("steps");
            }
        }
        throw new IllegalStateException(
                "not inside the drctl checkout: no mvnw above " + Path.of("").toAbsolutePath());
    }

    /** Paths (e.g. {@code with.env.<value>}) of schemas that have no description. */
    static List<String> undescribed(String path, Schema schema) {
        List<String> out = new ArrayList<>();
        if (schema.description() == null || schema.description().isBlank()) {
            out.add(path);
        }
        switch (schema) {
            case Schema.Obj o ->
                o.properties().values().forEach(p -> out.addAll(undescribed(path + "." + p.name(), p.schema())));
            case Schema.Arr a -> out.addAll(undescribed(path + "[]", a.items()));
            case Schema.MapOf m -> out.addAll(undescribed(path + ".<value>", m.values()));
            case Schema.AnyOf any -> {
                for (int i = 0; i < any.alternatives().size(); i++) {
                    out.addAll(undescribed(path + "|" + i, any.alternatives().get(i)));
                }
            }
            default -> {}
        }
        return out;
    }
}
