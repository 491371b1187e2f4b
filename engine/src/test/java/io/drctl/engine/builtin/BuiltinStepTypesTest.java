package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StepType;
import io.drctl.engine.testing.StepTypeContract;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinStepTypesTest {

    static Stream<StepType> builtins() {
        return Stream.of(new WaitStepType(), new ExecStepType(), new ApprovalStepType());
    }

    @Test
    void the_builtins_are_found_through_the_service_loader() {
        assertThat(Language.discover().stepTypes()).containsKeys("wait", "exec", "approval");
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void each_builtin_documents_itself_completely(StepType type) {
        StepTypeContract.assertDocumentsItself(type);
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void each_builtin_has_an_up_to_date_page_in_docs_steps(StepType type) {
        StepTypeContract.assertDocsPageUpToDate(type);
    }
}
