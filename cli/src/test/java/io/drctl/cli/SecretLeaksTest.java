package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four ways a secret used to leak, each with a canary: after a resume, a multi-line secret,
 * a cut (long line, capture limit), a control character inside. Every output, the journal and
 * every state file are searched for the secret and for every 8-character piece of it.
 */
class SecretLeaksTest {
    @TempDir
    Path dir;

    private static final String CANARY = "k9Qz7WmLx2PfR4tHvB8nYc6JdE3sUa5G";

    private void assertNoPieceAnywhere(String secret, List<CliHarness.Result> results) throws Exception {
        List<String> pieces = new ArrayList<>();
        for (String line : secret.split("\\p{Cntrl}+")) {
            for (int i = 0; i + 8 <= line.length(); i++) {
                pieces.add(line.substring(i, i + 8));
            }
        }
        List<String> texts = new ArrayList<>();
        results.forEach(r -> {
            texts.add(r.out());
            texts.add(r.err());
        });
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(f));
            }
        }
        for (String text : texts) {
            for (String piece : pieces) {
                assertThat(text).as("a piece of the secret: " + piece).doesNotContain(piece);
            }
        }
    }

    private Path plan(String name, String steps) throws Exception {
        Path plan = dir.resolve(name + ".yaml");
        Files.writeString(
                plan,
                "apiVersion: drctl.io/v1\nkind: RecoveryPlan\nmetadata: { name: " + name + " }\nspec:\n  steps:\n"
                        + steps);
        return plan;
    }

    @Test
    void a_secret_used_only_before_a_crash_is_still_masked_after_the_resume() throws Exception {
        Path gate = dir.resolve("GO");
        Path copy = dir.resolve("token-copy.txt"); // the same value, reached without a reference
        Files.writeString(copy, CANARY);
        Path plan = plan("resume-leak", """
                    - id: login
                      type: exec
                      with: { command: [sh, -c, "true"], env: { TOKEN: "${env:CANARY}" } }
                    - id: later
                      type: exec
                      needs: [login]
                      with: { command: [sh, -c, 'test -f %s && echo "the token was $(cat %s)"'] }
                """.formatted(gate, copy));
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("CANARY", CANARY);
        CliHarness.Result first = drctl.run("run", plan.toString());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        Files.writeString(gate, "");

        CliHarness.Result resumed = drctl.run("resume", runId);

        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(resumed.out()).contains("the token was ***");
        assertNoPieceAnywhere(
                CANARY, List.of(first, resumed, drctl.run("status", runId), drctl.run("status", runId, "-o", "json")));
    }

    @Test
    void a_multi_line_key_file_is_masked_line_by_line() throws Exception {
        String key =
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(keyFile, key + "\n");
        Path plan = plan("key-leak", """
                    - id: show
                      type: exec
                      with: { command: [sh, -c, 'printf "%%s\\n" "$KEY"; printf "%%s\\n" "$KEY" >&2'], env: { KEY: "${file:%s}" } }
                """.formatted(keyFile));
        CliHarness drctl = new CliHarness(dir.resolve("state"));

        CliHarness.Result run = drctl.run("run", plan.toString());
        CliHarness.Result json = drctl.run("run", plan.toString(), "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertNoPieceAnywhere(
                key.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""),
                List.of(run, json, drctl.run("status")));
    }

    @Test
    void a_cut_never_leaves_a_prefix_or_suffix_of_a_secret() throws Exception {
        String longLine = "x".repeat(1010);
        Path plan = plan("cut-leak", """
                    - id: long-line
                      type: exec
                      with:
                        command: [sh, -c, 'echo "%s$TOKEN"; printf "%%s" "$TOKEN-end"']
                        env: { TOKEN: "${env:CANARY}" }
                        captureLimit: 20
                """.formatted(longLine));
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("CANARY", CANARY);

        CliHarness.Result run = drctl.run("run", plan.toString());
        CliHarness.Result json = drctl.run("run", plan.toString(), "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertNoPieceAnywhere(CANARY, List.of(run, json, drctl.run("status"), drctl.run("status", "-o", "json")));
    }

    @Test
    void a_control_character_inside_a_secret_does_not_defeat_masking() throws Exception {
        String secret = "Tq8vN2xLmP4r\u0007Zk9WbC3yHs6d";
        Path plan = plan("control-leak", """
                    - id: show
                      type: exec
                      with: { command: [sh, -c, 'printf "%%s\\n" "$TOKEN"; printf "%%s\\n" "$TOKEN" >&2; exit 1'], env: { TOKEN: "${env:CANARY}" } }
                """);
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("CANARY", secret);

        CliHarness.Result run = drctl.run("run", plan.toString());
        CliHarness.Result json = drctl.run("run", plan.toString(), "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.STEP_FAILED.code());
        assertNoPieceAnywhere(secret, List.of(run, json, drctl.run("status"), drctl.run("runs")));
    }
}
