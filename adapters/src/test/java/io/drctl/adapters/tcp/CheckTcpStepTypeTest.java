package io.drctl.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.spi.Language;
import io.drctl.engine.testing.StepTypeContract;
import org.junit.jupiter.api.Test;

class CheckTcpStepTypeTest {
    private final CheckTcpStepType type = new CheckTcpStepType();

    @Test
    void is_found_through_the_service_loader() {
        assertThat(Language.discover().stepType("check.tcp")).containsInstanceOf(CheckTcpStepType.class);
    }

    @Test
    void documents_itself_completely() {
        StepTypeContract.assertDocumentsItself(type);
    }

    @Test
    void has_an_up_to_date_page_in_docs_steps() {
        StepTypeContract.assertDocsPageUpToDate(type);
    }
}
