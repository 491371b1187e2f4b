package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.StepTypeContract;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseStepTypesTest {
    static Stream<StepType> types() {
        return Stream.of(new DbCheckStepType(), new DbFenceStepType(), new DbPromoteStepType());
    }

    @ParameterizedTest
    @MethodSource("types")
    void is_found_through_the_service_loader(StepType type) {
        assertThat(Language.discover().stepType(type.name())).containsInstanceOf(type.getClass());
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
    void bounds_its_own_time(StepType type) {
        assertThat(type.defaultTimeout()).isLessThanOrEqualTo(java.time.Duration.ofMinutes(5));
    }
}
