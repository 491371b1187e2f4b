package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How problems are reported: all of them, in file order, positioned, and only where they are real. */
class PlanLoaderReportingTest {
    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    @Test
    void one_file_with_several_problems_reports_all_of_them_in_file_order() {
        PlanInvalidException invalid = catchThrowableOfType(
                PlanInvalidException.class, () -> loader.load(PlanFiles.resource("several-problems.yaml")));

        assertThat(invalid.violations())
                .extracting(Violation::line, Violation::column, Violation::path)
                .containsExactly(
                        tuple(4, 9, "metadata.name"),
                        tuple(6, 22, "spec.objectives.rto"),
                        tuple(12, 13, "spec.steps[0].site"),
                        tuple(13, 16, "spec.steps[0].timeout"),
                        tuple(14, 55, "spec.steps[0].with.replicas"),
                        tuple(17, 22, "spec.steps[1].needs[1]"),
                        tuple(18, 55, "spec.steps[1].with.expectStatus"),
                        tuple(18, 62, "spec.steps[1].with.methd"),
                        tuple(19, 11, "spec.steps[2].id"),
                        tuple(20, 13, "spec.steps[2].type"),
                        tuple(21, 18, "spec.steps[2].onFailure"));
        assertThat(invalid.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "'Several_Problems' does not match the pattern [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?: use at most 63 lowercase"
                                + " letters, digits and '-', starting and ending with a letter or digit",
                        "'soon' is not a duration: write e.g. 500ms, 30s, 5m, 1h",
                        "unknown site 'gasna'; did you mean 'gasan'?",
                        "the timeout must be longer than 0",
                        "expected an integer, 'fromSnapshot' or a mapping with fromSite, got 'many'",
                        "step 'probe' needs unknown step 'reroute'",
                        "expected an integer, got '200'",
                        "unknown key 'methd' in step 'probe'; did you mean 'method'?",
                        "duplicate step id 'probe' (first at 15:11, again at 19:11)",
                        "unknown step type 'wiat'; did you mean 'wait'?",
                        "expected one of 'halt', 'continue', got 'stop'");
    }

    @Test
    void the_exception_says_the_first_violation_and_how_many_more_there_are() {
        PlanInvalidException invalid = catchThrowableOfType(
                PlanInvalidException.class, () -> loader.load(PlanFiles.resource("several-problems.yaml")));

        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_PLAN);
        assertThat(invalid.getMessage())
                .endsWith("several-problems.yaml:4:9: 'Several_Problems' does not match the pattern"
                        + " [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?: use at most 63 lowercase letters, digits and '-', starting and"
                        + " ending with a letter or digit (at metadata.name) (and 10 more)");
        assertThat(invalid.getMessage()).doesNotContain("\n");
    }

    @Test
    void a_single_violation_is_the_whole_message() {
        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> parse("""
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: demo }
                spec:
                  steps: []
                """));

        assertThat(invalid.getMessage()).isEqualTo("plan.yaml:5:10: must not be empty (at spec.steps)");
    }

    @Test
    void a_violation_without_a_path_reads_file_line_column_message() {
        assertThat(new Violation("p.yaml", 3, 7, "", "YAML syntax error: boom"))
                .hasToString("p.yaml:3:7: YAML syntax error: boom");
        assertThat(new Violation("p.yaml", 3, 7, "spec.steps[2].needs[0]", "bad"))
                .hasToString("p.yaml:3:7: bad (at spec.steps[2].needs[0])");
    }

    @Test
    void adapters_checks_do_not_run_while_the_parts_they_read_are_broken() {
        // The databases section is broken, so db.promote cannot tell whether 'chat' exists: no guess is reported.
        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> parse("""
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: demo }
                spec:
                  databases:
                    chat: { engine: oracle, members: {} }
                  steps:
                    - { id: promote, type: db.promote, with: { database: chat, member: gasan } }
                """));

        assertThat(invalid.violations())
                .extracting(Violation::message)
                .containsExactly("expected one of 'postgresql', 'mysql', got 'oracle'");
    }

    @Test
    void adapters_checks_skip_broken_steps_but_still_check_sound_ones() {
        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> parse("""
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: demo }
                spec:
                  steps:
                    - { id: broken, type: db.promote, with: { database: chat, member: gasan, maxLag: soon } }
                    - { id: sound, type: db.promote, with: { database: orders, member: gasan } }
                """));

        assertThat(invalid.violations())
                .extracting(Violation::path, Violation::message)
                .containsExactly(
                        tuple("spec.steps[0].with.maxLag", "'soon' is not a duration: write e.g. 500ms, 30s, 5m, 1h"),
                        tuple("spec.steps[1].with.database", "no database 'orders' under spec.databases"));
    }

    @Test
    void adapters_checks_skip_steps_with_problems_found_across_steps() {
        // The unknown site is found after the step was read; k8s.scale's own check must not see the step.
        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> parse("""
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: demo }
                spec:
                  sites: { gasan: {} }
                  steps:
                    - id: scale
                      type: k8s.scale
                      site: gasna
                      with: { namespace: chat, selector: x, replicas: { fromSite: nowhere } }
                """));

        assertThat(invalid.violations())
                .extracting(Violation::message)
                .containsExactly("unknown site 'gasna'; did you mean 'gasan'?");
    }

    @Test
    void an_escaped_reference_is_plain_text_and_allowed_where_secrets_are_not() {
        var plan = parse("""
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: demo, description: "costs $${env:nothing}" }
                spec:
                  steps:
                    - { id: ask, type: approval, with: { message: "type $${env:HOME} literally" } }
                """);

        assertThat(plan.description()).isEqualTo("costs $${env:nothing}");
    }

    @Test
    void a_single_value_enum_does_not_suggest_the_value_it_already_names() {
        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> parse("""
                apiVersion: drctl.io/v2
                kind: RecoveryPlan
                metadata: { name: demo }
                spec: { steps: [ { id: a, type: wait, with: { duration: 1s } } ] }
                """));

        assertThat(invalid.violations())
                .extracting(Violation::message)
                .containsExactly("expected 'drctl.io/v1', got 'drctl.io/v2'");
    }

    @Test
    void a_file_beyond_the_size_limit_is_refused_without_being_parsed() {
        String huge = "apiVersion: drctl.io/v1\n# " + "x".repeat(YamlComposer.MAX_CODE_POINTS) + "\n";

        PlanInvalidException invalid = catchThrowableOfType(PlanInvalidException.class, () -> parse(huge));

        assertThat(invalid.violations())
                .extracting(Violation::line, Violation::column, Violation::message)
                .containsExactly(tuple(1, 1, "the file is too large: a plan may hold at most 3145728 characters"));
    }

    @Test
    void only_plan_invalid_exceptions_escape_even_for_garbage() {
        List<String> garbage = List.of(
                "\u0000",
                "{",
                "]",
                "- - - -",
                "? ? ?",
                "*unknown",
                "&a",
                ":",
                "!!",
                "%YAML 9.9\n---\na: 1",
                "a: !!int notanumber",
                "steps: [ *x ]",
                "<<: 5");
        for (String text : garbage) {
            assertThat(catchThrowableOfType(PlanInvalidException.class, () -> parse(text)))
                    .as("parsing %s", text)
                    .isNotNull();
        }
    }

    private io.drctl.engine.plan.Plan parse(String text) {
        return loader.parse(Path.of("plan.yaml"), text.getBytes(StandardCharsets.UTF_8));
    }
}
