package io.drctl.engine.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.plan.Mode;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec against real processes: argv, shell, environment, exit codes, check, verify, output. */
class ExecStepIT {
    private final ExecStepType type = new ExecStepType();

    @TempDir
    Path dir;

    private FakeStepContext.Builder exec(String... command) {
        return FakeStepContext.forType(type)
                .stepId("run-script")
                .param("command", List.of(command))
                .param("workingDir", dir.toString());
    }

    private static void apply(FakeStepContext ctx) throws Exception {
        new ExecStepType().bind(ctx.definition()).apply(ctx);
    }

    @Test
    void runs_argv_without_a_shell_so_spaces_and_variables_stay_literal() throws Exception {
        FakeStepContext ctx = exec("printf", "%s|\\n", "a b", "$HOME", "*").build();

        apply(ctx);

        assertThat(ctx.output("stdout")).isEqualTo("a b|\n$HOME|\n*|\n");
        assertThat(ctx.output("exitCode")).isEqualTo(0);
        assertThat(ctx.output("pid")).isInstanceOf(Long.class);
    }

    @Test
    void runs_one_string_with_sh_when_shell_is_true() throws Exception {
        FakeStepContext ctx =
                exec("echo $((1 + 2)) | tr 3 x").param("shell", true).build();

        apply(ctx);

        assertThat(ctx.output("stdout")).isEqualTo("x\n");
    }

    @Test
    void passes_env_drctl_variables_and_resolved_secrets_to_the_command() throws Exception {
        FakeStepContext ctx = exec(
                        "sh",
                        "-c",
                        "echo \"$GREETING $DRCTL_RUN_ID $DRCTL_STEP_ID $DRCTL_MODE\"; "
                                + "[ \"$TOKEN\" = s3cret-value ] && echo token-ok")
                .param("env", Map.of("GREETING", "hello", "TOKEN", "${env:TEST_TOKEN}"))
                .env("TEST_TOKEN", "s3cret-value")
                .mode(Mode.FAILOVER)
                .build();

        apply(ctx);

        assertThat(ctx.output("stdout")).isEqualTo("hello run-test-1 run-script failover\ntoken-ok\n");
    }

    @Test
    void secrets_that_a_command_prints_are_masked_in_its_outputs() throws Exception {
        FakeStepContext ctx = exec("sh", "-c", "echo \"token is $TOKEN\"")
                .param("env", Map.of("TOKEN", "${env:TEST_TOKEN}"))
                .env("TEST_TOKEN", "s3cret-value")
                .build();

        apply(ctx);

        assertThat(ctx.output("stdout")).isEqualTo("token is ***\n");
        assertThat(ctx.progressMessages()).contains("token is ***").noneMatch(m -> m.contains("s3cret"));
    }

    @Test
    void a_nonzero_exit_fails_with_the_code_and_the_last_stderr_line() {
        FakeStepContext ctx = exec("sh", "-c", "echo working; echo 'first problem' >&2; echo 'disk full' >&2; exit 3")
                .build();

        assertThatThrownBy(() -> apply(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("exit 3: disk full");
        assertThat(ctx.outputs()).containsEntry("exitCode", 3).containsEntry("stderr", "first problem\ndisk full\n");
    }

    @Test
    void an_exit_code_listed_in_success_codes_is_success() throws Exception {
        FakeStepContext ctx = exec("sh", "-c", "exit 4")
                .param("successCodes", List.of(0L, 4L))
                .build();

        apply(ctx);

        assertThat(ctx.output("exitCode")).isEqualTo(4);
    }

    @Test
    void a_command_that_does_not_exist_fails_with_one_line_naming_it() {
        FakeStepContext ctx = exec("drctl-no-such-command", "--flag").build();

        assertThatThrownBy(() -> apply(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("command not found: drctl-no-such-command");
    }

    @Test
    void a_file_that_is_not_executable_fails_with_permission_denied() throws Exception {
        Path script = Files.writeString(dir.resolve("not-executable.sh"), "echo hi\n");
        FakeStepContext ctx = exec(script.toString()).build();

        assertThatThrownBy(() -> apply(ctx)).hasMessage("permission denied: cannot execute " + script);
    }

    @Test
    void a_missing_working_dir_fails_naming_it() {
        FakeStepContext ctx = exec("true")
                .param("workingDir", dir.resolve("nowhere").toString())
                .build();

        assertThatThrownBy(() -> apply(ctx))
                .hasMessage("workingDir " + dir.resolve("nowhere") + " does not exist or is not a directory");
    }

    @Test
    void a_relative_working_dir_is_relative_to_the_plan_file() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        FakeStepContext ctx = FakeStepContext.forType(type)
                .param("command", List.of("pwd"))
                .param("workingDir", "scripts")
                .planFile(dir.resolve("plan.yaml"))
                .build();

        apply(ctx);

        assertThat(ctx.output("stdout")).isEqualTo(dir.resolve("scripts").toRealPath() + "\n");
    }

    @Test
    void stdin_is_empty_so_a_command_waiting_for_input_does_not_hang() throws Exception {
        FakeStepContext ctx = exec("cat").build();

        apply(ctx);

        assertThat(ctx.output("stdout")).isEqualTo("");
    }

    @Test
    void each_output_line_becomes_progress_ending_with_the_latest() throws Exception {
        FakeStepContext ctx =
                exec("sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done").build();

        apply(ctx);

        assertThat(ctx.progressMessages()).contains("line 5");
        assertThat(ctx.progressMessages().getLast()).startsWith("exit 0 after ");
    }

    @Test
    void large_output_on_both_streams_does_not_block_and_only_the_tail_is_kept() throws Exception {
        FakeStepContext ctx = exec(
                        "sh", "-c", "yes out-line | head -n 400000; yes err-line | head -n 250000 >&2; echo done")
                .param("captureLimit", 4096L)
                .build();

        long start = System.nanoTime();
        apply(ctx);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        String stdout = (String) ctx.output("stdout");
        assertThat(stdout)
                .startsWith("[drctl: ")
                .contains(" earlier bytes not kept]\nout-line\n")
                .endsWith("out-line\ndone\n");
        assertThat(stdout.length()).isLessThan(4096 + 100);
        assertThat((String) ctx.output("stderr")).endsWith("err-line\n").hasSizeLessThan(4096 + 100);
        assertThat(ctx.progressMessages()).as("rate-limited progress").hasSizeLessThan(40);
    }

    @Test
    void check_without_a_check_command_says_what_will_run() throws Exception {
        FakeStepContext ctx = exec("./fence.sh", "--site", "pangyo west").build();

        assertThat(type.bind(ctx.definition()).check(ctx))
                .isEqualTo(CheckResult.willChange("will run: ./fence.sh --site 'pangyo west'"));
    }

    @Test
    void check_shows_secret_references_as_written_never_their_values() throws Exception {
        FakeStepContext ctx = exec("curl", "-H", "Authorization: ${env:TEST_TOKEN}")
                .env("TEST_TOKEN", "s3cret")
                .build();

        assertThat(type.bind(ctx.definition()).check(ctx).summary())
                .isEqualTo("will run: curl -H 'Authorization: ${env:TEST_TOKEN}'");
    }

    @Test
    void a_check_command_exiting_zero_means_already_done() throws Exception {
        FakeStepContext ctx = exec("false").param("check", List.of("true")).build();

        assertThat(type.bind(ctx.definition()).check(ctx))
                .isEqualTo(CheckResult.alreadyDone("already done: check `true` exited 0"));
    }

    @Test
    void a_check_command_exiting_nonzero_means_the_command_will_run() throws Exception {
        FakeStepContext ctx = exec("touch", "done")
                .param("check", List.of("test", "-f", "done"))
                .build();

        assertThat(type.bind(ctx.definition()).check(ctx))
                .isEqualTo(CheckResult.willChange("will run: touch done (check exited 1)"));
    }

    @Test
    void the_verify_command_is_polled_until_it_exits_zero() throws Exception {
        String countsToThree = "n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > count; "
                + "echo \"attempt $n\"; [ $n -ge 3 ]";
        FakeStepContext ctx = exec("true")
                .param("shell", true)
                .param("verify", List.of(countsToThree))
                .param("verifyInterval", Duration.ofMillis(100))
                .build();

        type.bind(ctx.definition()).verify(ctx);

        assertThat(Files.readString(dir.resolve("count")).strip()).isEqualTo("3");
        assertThat(ctx.progressMessages())
                .contains("verify attempt 1: exit 1: attempt 1; again in 100ms")
                .endsWith("verified: `sh -c '" + countsToThree.replace("'", "'\\''") + "'` exited 0 on attempt 3");
    }

    @Test
    void a_verify_command_that_never_succeeds_fails_before_the_deadline_with_its_last_message() {
        FakeStepContext ctx = exec("true")
                .param("verify", List.of("sh", "-c", "echo 'not yet' >&2; exit 1"))
                .param("verifyInterval", Duration.ofMillis(200))
                .deadlineIn(Duration.ofSeconds(2))
                .build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> type.bind(ctx.definition()).verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith(
                        "verify `sh -c 'echo '\\''not yet'\\'' >&2; exit 1'` did not exit 0 before the deadline (")
                .hasMessageEndingWith("attempts); last: exit 1: not yet");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
    }
}
