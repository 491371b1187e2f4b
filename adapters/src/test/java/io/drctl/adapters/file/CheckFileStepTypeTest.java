package io.drctl.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.spi.Language;
import io.drctl.engine.testing.StepTypeContract;
import org.junit.jupiter.api.Test;

class CheckFileStepTypeTest {
    private final CheckFileStepType type = new CheckFileStepType();

    @Test
    void is_found_through_the_service_loader() {
        assertThat(Language.discover().stepType("check.file")).containsInstanceOf(CheckFileStepType.class);
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
