package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stressed person's typo gets plain words and the closest name, not parser jargon. */
class PlainUsageErrorsTest {
    @TempDir
    Path dir;

    @Test
    void a_mistyped_command_suggests_the_closest_one() {
        CliHarness.Result r = new CliHarness(dir).run("paln", "plan.yaml");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err())
                .contains("'paln' is not a drctl command; did you mean 'plan'?")
                .doesNotContain("Unmatched argument");
    }

    @Test
    void a_mistyped_option_suggests_the_closest_one() {
        CliHarness.Result r = new CliHarness(dir).run("run", "--reasn", "fire", "plan.yaml");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err())
                .contains("unknown option '--reasn' for 'drctl run'; did you mean '--reason'?")
                .doesNotContain("index");
    }
}
