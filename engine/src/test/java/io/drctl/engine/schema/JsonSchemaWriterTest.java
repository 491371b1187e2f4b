package io.drctl.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class JsonSchemaWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHECKED_IN = Path.of("src/test/resources/schema/test-language-plan-schema.json");

    private final Language language = TestLanguage.create();

    @Test
    void the_output_is_json_schema_2020_12_with_the_plan_id() throws IOException {
        String text = JsonSchemaWriter.planSchemaText(language);

        JsonNode schema = JSON.readTree(text);
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asText()).isEqualTo("https://drctl.io/schemas/plan-v1.json");
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(text).endsWith("}\n").doesNotContain("\r").contains("\"type\": \"object\"");
    }

    @Test
    void the_output_is_the_same_every_time_and_whatever_order_adapters_register_in() {
        List<StepType> reversed = new ArrayList<>(TestLanguage.stepTypes());
        Collections.reverse(reversed);
        Language shuffled = new Language(reversed, TestLanguage.sections().reversed(), TestLanguage.siteFacets());

        assertThat(JsonSchemaWriter.planSchemaText(language))
                .isEqualTo(JsonSchemaWriter.planSchemaText(language))
                .isEqualTo(JsonSchemaWriter.planSchemaText(shuffled));
    }

    @Test
    void the_output_matches_the_checked_in_copy() throws IOException {
        String text = JsonSchemaWriter.planSchemaText(language);
        if (Boolean.getBoolean("drctl.updateSchema")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, text);
        }
        assertThat(text)
                .as("regenerate with: ./mvnw -q -pl engine test -Dtest=JsonSchemaWriterTest -Ddrctl.updateSchema=true")
                .isEqualTo(Files.readString(CHECKED_IN));
    }

    @Test
    void step_type_is_an_enum_of_every_registered_name() {
        JsonNode type = step().at("/properties/type");

        assertThat(type.get("enum"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "approval", "check.http", "db.promote", "dns.update", "exec", "k8s.patch", "k8s.scale", "wait");
    }

    @Test
    void each_step_type_gets_its_own_with_schema_with_its_required_parameters() {
        for (StepType type : language.stepTypes().values()) {
            JsonNode branch = branch(type.name());
            JsonNode with = branch.at("/then/properties/with");

            assertThat(with.get("title").asText()).isEqualTo(type.name());
            assertThat(with.get("description").asText()).isEqualTo(type.summary());
            assertThat(with.get("additionalProperties").asBoolean(true)).isFalse();
            List<String> required = type.parameters().properties().values().stream()
                    .filter(Schema.Property::required)
                    .map(Schema.Property::name)
                    .toList();
            assertThat(with.get("required")).extracting(JsonNode::asText).containsExactlyElementsOf(required);
            assertThat(with.get("properties").fieldNames())
                    .toIterable()
                    .containsExactlyElementsOf(type.parameters().properties().keySet());
            assertThat(branch.at("/then/required/0").asText()).isEqualTo("with");
        }
    }

    @Test
    void parameters_keep_their_types_defaults_and_alternatives() {
        JsonNode http = branch("check.http").at("/then/properties/with/properties");
        assertThat(http.at("/expectStatus/type").asText()).isEqualTo("integer");
        assertThat(http.at("/expectStatus/minimum").asInt()).isEqualTo(100);
        assertThat(http.at("/expectStatus/maximum").asInt()).isEqualTo(599);
        assertThat(http.at("/expectStatus/default").asInt()).isEqualTo(200);
        assertThat(http.at("/url/format").asText()).isEqualTo("uri");
        assertThat(http.at("/headers/additionalProperties/type").asText()).isEqualTo("string");

        JsonNode scale = branch("k8s.scale").at("/then/properties/with/properties");
        assertThat(scale.at("/replicas/anyOf")).hasSize(3);
        assertThat(scale.at("/replicas/anyOf/1/enum/0").asText()).isEqualTo("fromSnapshot");
        assertThat(scale.at("/settle/pattern").asText()).isEqualTo(SchemaToJson.DURATION_PATTERN);
        assertThat(scale.at("/settle/default").asText()).isEqualTo("10s");
        assertThat(scale.at("/namespace/pattern").asText()).isEqualTo("^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?)$");

        JsonNode records = branch("dns.update").at("/then/properties/with/properties/records");
        assertThat(records.get("minItems").asInt()).isEqualTo(1);
        assertThat(records.at("/items/required")).extracting(JsonNode::asText).containsExactly("name", "type", "value");
    }

    @Test
    void core_step_fields_carry_their_defaults() {
        JsonNode properties = step().get("properties");
        assertThat(properties.at("/onFailure/default").asText()).isEqualTo("halt");
        assertThat(properties.at("/ifUnreachable/default").asText()).isEqualTo("fail");
        assertThat(properties.at("/retry/properties/attempts/default").asInt()).isEqualTo(1);
        assertThat(properties
                        .at("/retry/properties/backoff/properties/initial/default")
                        .asText())
                .isEqualTo("1s");
        assertThat(properties
                        .at("/retry/properties/backoff/properties/max/default")
                        .asText())
                .isEqualTo("30s");
        assertThat(properties.at("/id/pattern").asText()).isEqualTo("^(?:" + PlanSchema.ID_PATTERN + ")$");
    }

    @Test
    void sections_and_site_facets_are_part_of_spec() {
        JsonNode spec = JsonSchemaWriter.planSchema(language).at("/properties/spec/properties");
        assertThat(spec.fieldNames())
                .toIterable()
                .containsExactly("objectives", "rehearsal", "sites", "steps", "databases", "notify");
        assertThat(spec.at("/databases/propertyNames/pattern").asText())
                .isEqualTo("^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?)$");
        assertThat(spec.at("/sites/additionalProperties/properties/kubernetes/required/0")
                        .asText())
                .isEqualTo("context");
        assertThat(spec.at("/notify/items/properties/format/default").asText()).isEqualTo("plain");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"full.yaml", "minimal.yaml", "diamond.yaml", "failover-example.yaml"})
    void valid_plans_satisfy_the_schema(String name) throws IOException {
        JsonNode plan = planAsJson("plans/valid/" + name);

        assertThat(SubsetSchemaCheck.errors(JsonSchemaWriter.planSchema(language), plan))
                .isEmpty();
    }

    @Test
    void the_schema_catches_what_the_loader_catches_in_with() throws IOException {
        ObjectNode plan = (ObjectNode) planAsJson("plans/valid/failover-example.yaml");
        ObjectNode scale = (ObjectNode) plan.at("/spec/steps/0/with");
        scale.put("replica", 3);
        scale.remove("selector");
        ((ObjectNode) plan.at("/spec/steps/1")).put("type", "db.promtoe");
        ((ObjectNode) plan.at("/spec/steps/3")).put("timeout", "5 minutes");
        ((ObjectNode) plan.at("/spec/steps/4")).remove("with");

        assertThat(SubsetSchemaCheck.errors(JsonSchemaWriter.planSchema(language), plan))
                .containsExactlyInAnyOrder(
                        "/spec/steps/0/with: missing selector",
                        "/spec/steps/0/with: unknown property replica",
                        "/spec/steps/1/type: \"db.promtoe\" is not in " + step().at("/properties/type/enum"),
                        "/spec/steps/3/timeout: '5 minutes' does not match " + SchemaToJson.DURATION_PATTERN,
                        "/spec/steps/4: missing with");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "500ms",
                "30s",
                "5m",
                "1h",
                "1h30m",
                "0s",
                "90s",
                "5 minutes",
                "1.5h",
                "30",
                "",
                "m",
                "1d",
                "1H",
                " 1s"
            })
    void the_duration_pattern_accepts_exactly_what_the_loader_parses(String text) {
        assertThat(Pattern.compile(SchemaToJson.DURATION_PATTERN).matcher(text).find())
                .isEqualTo(DurationText.parse(text).isPresent());
    }

    private JsonNode step() {
        return JsonSchemaWriter.planSchema(language).at("/properties/spec/properties/steps/items");
    }

    private JsonNode branch(String typeName) {
        for (JsonNode branch : step().get("allOf")) {
            if (branch.at("/if/properties/type/const").asText().equals(typeName)) {
                return branch;
            }
        }
        throw new AssertionError("no branch for " + typeName);
    }

    /** What an editor sees: the YAML as plain JSON, no drctl conversion. */
    private static JsonNode planAsJson(String resource) throws IOException {
        try (InputStream in = JsonSchemaWriterTest.class.getClassLoader().getResourceAsStream(resource)) {
            Object plain = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return JSON.valueToTree(plain);
        }
    }
}
