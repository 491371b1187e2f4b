package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under plans/invalid states on its first line what must be reported:
 * {@code # expect: LINE:COLUMN message substring}.
 */
class PlanLoaderInvalidPlansTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (.+)");

    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    static Stream<Path> invalidPlans() {
        return PlanFiles.in("invalid").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPlans")
    void every_invalid_plan_reports_the_violation_its_first_line_expects(Path file) throws IOException {
        Matcher expect = EXPECT.matcher(firstLine(file));
        assertThat(expect.matches())
                .as("first line of %s is '# expect: LINE:COLUMN message'", file)
                .isTrue();
        int line = Integer.parseInt(expect.group(1));
        int column = Integer.parseInt(expect.group(2));
        String message = expect.group(3);

        Throwable thrown = catchThrowable(() -> loader.load(file));

        assertThat(thrown).isInstanceOf(PlanInvalidException.class);
        List<Violation> violations = ((PlanInvalidException) thrown).violations();
        assertThat(violations).as("violations of %s", file.getFileName()).anySatisfy(v -> {
            assertThat(v.line() + ":" + v.column()).isEqualTo(line + ":" + column);
            assertThat(v.message()).contains(message);
        });
        assertThat(violations).allSatisfy(v -> assertThat(v.file()).isEqualTo(file.toString()));
    }

    @Test
    void the_corpus_covers_at_least_45_invalid_plans() {
        assertThat(PlanFiles.in("invalid")).hasSizeGreaterThanOrEqualTo(45);
    }

    /** Decodes only the first line: the rest of a file may be deliberately broken (not UTF-8). */
    private static String firstLine(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
