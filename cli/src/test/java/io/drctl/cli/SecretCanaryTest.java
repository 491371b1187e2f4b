package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret resolved from ${env:CANARY} appears in no output, journal line, state file or error
 * message, even when the steps print it on purpose.
 */
class SecretCanaryTest {
    @TempDir
    Path dir;

    @Test
    void a_secret_appears_in_no_output_journal_state_file_or_error() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        Path plan = dir.resolve("secret.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: secret-plan }
                spec:
                  steps:
                    - id: uses-secret
                      type: exec
                      with:
                        command: [sh, -c, 'echo "token is $TOKEN"; echo "stderr $TOKEN" >&2']
                        env: { TOKEN: "${env:CANARY}" }
                    - id: leaks-in-argv
                      type: exec
                      needs: [uses-secret]
                      with: { command: [sh, -c, 'echo "failing with ${env:CANARY}" >&2; exit 1'] }
                """);
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("CANARY", canary);
        List<CliHarness.Result> results = List.of(
                drctl.run("run", plan.toString()),
                drctl.run("run", plan.toString(), "-o", "json"),
                drctl.run("status"),
                drctl.run("status", "-o", "json"),
                drctl.run("runs"),
                drctl.run("plan", plan.toString()));
        assertThat(results.get(0).exitCode()).as(results.get(0).toString()).isEqualTo(ExitCode.STEP_FAILED.code());
        assertThat(results.get(0).out()).contains("***");
        for (CliHarness.Result r : results) {
            assertThat(r.out()).doesNotContain(canary);
            assertThat(r.err()).doesNotContain(canary);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(canary);
            }
        }
    }
}
