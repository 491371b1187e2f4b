package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README.md's exit-code table is the {@link ExitCode} enum, code for code and word for word. */
class ReadmeExitCodesTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (.+) \\|$");

    @Test
    void readme_lists_exactly_the_exit_codes_of_the_enum() throws IOException {
        String readme = Files.readString(PlansFolderTest.REPO.resolve("README.md"));
        int start = readme.indexOf("## Exit codes");
        assertThat(start).as("README.md has an 'Exit codes' section").isNotNegative();
        Map<Integer, String> documented = new LinkedHashMap<>();
        for (String line : readme.substring(start)
                .lines()
                .skip(1)
                .takeWhile(l -> !l.startsWith("## "))
                .toList()) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                documented.put(Integer.parseInt(m.group(1)), m.group(2).strip().replace("`", ""));
            }
        }
        Map<Integer, String> enumTable = Arrays.stream(ExitCode.values())
                .collect(Collectors.toMap(ExitCode::code, ExitCode::meaning, (a, b) -> a, LinkedHashMap::new));
        assertThat(documented).as("README.md's exit-code table").containsExactlyEntriesOf(enumTable);
    }
}
