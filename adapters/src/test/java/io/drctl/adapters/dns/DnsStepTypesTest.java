package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.StepTypeContract;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DnsStepTypesTest {

    static Stream<StepType> types() {
        return Stream.of(new DnsUpdateStepType(), new DnsTtlStepType(), new CheckDnsStepType());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void is_found_through_the_service_loader(StepType type) {
        assertThat(Language.discover().stepType(type.name())).containsInstanceOf(type.getClass());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void documents_itself_completely(StepType type) {
        StepTypeContract.assertDocumentsItself(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void has_an_up_to_date_page_in_docs_steps(StepType type) {
        StepTypeContract.assertDocsPageUpToDate(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void its_example_is_valid_in_a_plan_with_spec_dns(StepType type) {
        String example = type.example()
                .replace("needs: [go-ahead]\n", "")
                .replace("needs: [reroute]\n", "")
                .replace("zone: public", "zone: public");
        assertThat(DnsPlans.violations(
                        DnsPlans.withSteps("- " + example.indent(2).strip())))
                .isEqualTo(List.of());
    }
}
