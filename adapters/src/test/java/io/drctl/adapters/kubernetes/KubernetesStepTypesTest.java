package io.drctl.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.plan.load.PlanInvalidException;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.StepTypeContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The k8s.* step types describe themselves, are found by the engine, and reject plans that cannot work. */
class KubernetesStepTypesTest {
    static Stream<StepType> types() {
        return Stream.of(new ScaleStepType(), new DrainStepType(), new PatchStepType(), new WaitStepType());
    }

    @ParameterizedTest
    @MethodSource("types")
    void documents_itself_completely(StepType type) {
        StepTypeContract.assertDocumentsItself(type);
    }

    @ParameterizedTest
    @MethodSource("types")
    void has_an_up_to_date_page_in_docs_steps(StepType type) {
        StepTypeContract.assertDocsPageUpToDate(type);
    }

    @ParameterizedTest
    @MethodSource("types")
    void is_found_through_the_service_loader(StepType type) {
        assertThat(Language.discover().stepType(type.name())).containsInstanceOf(type.getClass());
    }

    @Test
    void the_kubernetes_site_facet_and_the_state_section_are_registered() {
        Language language = Language.discover();
        assertThat(language.siteFacets()).containsKey("kubernetes");
        assertThat(language.sections()).containsKey("state");
    }

    private static List<String> violations(String steps) {
        String yaml = """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: invalid }
                spec:
                  sites:
                    a: { kubernetes: { context: a } }
                    b: { kubernetes: { context: b } }
                    dc: { description: no kubernetes here }
                  state: { site: dc }
                  steps:
                %s""".formatted(steps.indent(4));
        try {
            new PlanLoader(PlanRuns.LANGUAGE).parse(Path.of("invalid.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
            return List.of();
        } catch (PlanInvalidException e) {
            return e.violations().stream().map(Object::toString).toList();
        }
    }

    @Test
    void invalid_kubernetes_steps_are_reported_with_their_positions() {
        List<String> v = violations("""
                - id: no-site
                  type: k8s.scale
                  with: { selector: "tier=api", replicas: 0 }
                - id: everything
                  type: k8s.scale
                  site: a
                  with: { replicas: 0 }
                - id: bad-selector
                  type: k8s.wait
                  site: a
                  with: { selector: "tier in api" }
                - id: self-copy
                  type: k8s.scale
                  site: a
                  with: { names: [api], replicas: { fromSite: a } }
                - id: no-kubernetes
                  type: k8s.drain
                  site: dc
                  with: { nodes: [n1] }
                - id: every-node
                  type: k8s.drain
                  site: a
                  with: { force: true }
                - id: json-patch-object
                  type: k8s.patch
                  site: a
                  with: { apiVersion: v1, kind: ConfigMap, name: x, type: json, patch: { data: {} } }
                - id: bad-path
                  type: k8s.wait
                  site: b
                  with: { apiVersion: v1, kind: Pod, name: p, jsonPath: "status.phase" }
                """);

        assertThat(v)
                .anyMatch(s -> s.contains("k8s.scale needs site:"))
                .anyMatch(s -> s.contains("give a selector or names"))
                .anyMatch(s -> s.contains("cannot read 'tier in api'"))
                .anyMatch(s -> s.contains("replicas.fromSite") && s.contains("cannot copy its own counts"))
                .anyMatch(s -> s.contains("site 'dc' has no kubernetes settings"))
                .anyMatch(s -> s.contains("give nodes or a nodeSelector"))
                .anyMatch(s -> s.contains("a json patch is a list of operations"))
                .anyMatch(s -> s.contains("expected . or [ at 0"))
                .anyMatch(s -> s.contains("spec.state.site") && s.contains("run state lives in a Kubernetes site"));
        assertThat(v).allMatch(s -> s.startsWith("invalid.yaml:"));
    }
}
