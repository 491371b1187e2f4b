package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.schema.JsonSchemaWriter;
import io.drctl.engine.spi.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in plans/ is a valid plan with the language as shipped, and points editors at the
 * checked-in schema, which must be what {@code drctl schema} prints today.
 */
class PlansFolderTest {
    static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    static final Path SCHEMA = REPO.resolve("plans/schema/drctl-plan-v1.schema.json");
    static final Language LANGUAGE = Language.discover(PlansFolderTest.class.getClassLoader());

    static List<Path> plans() throws Exception {
        try (Stream<Path> s = Files.walk(REPO.resolve("plans"))) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("plans")
    void every_plan_in_the_plans_folder_is_valid(Path plan) {
        new PlanLoader(LANGUAGE).load(plan); // throws with every violation otherwise
    }

    @ParameterizedTest
    @MethodSource("plans")
    void every_plan_points_editors_at_the_checked_in_schema(Path plan) throws Exception {
        String first = Files.readAllLines(plan).get(0);
        assertThat(first).startsWith("# yaml-language-server: $schema=");
        Path target = plan.getParent()
                .resolve(first.substring(first.indexOf('=') + 1).trim())
                .normalize();
        assertThat(target).isEqualTo(SCHEMA);
    }

    @Test
    void the_checked_in_schema_is_what_drctl_schema_prints() throws Exception {
        assertThat(Files.readString(SCHEMA))
                .as("regenerate with: ./drctl schema > plans/schema/drctl-plan-v1.schema.json")
                .isEqualTo(JsonSchemaWriter.planSchemaText(LANGUAGE));
    }

    @Test
    void every_plan_shown_in_the_readme_is_valid() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(readme);
        int found = 0;
        while (m.find()) {
            new PlanLoader(LANGUAGE)
                    .parse(Path.of("README.md"), m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            found++;
        }
        assertThat(found).isPositive();
    }

    @Test
    void there_are_example_plans() throws Exception {
        assertThat(plans())
                .anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("hello.yaml"));
    }
}
