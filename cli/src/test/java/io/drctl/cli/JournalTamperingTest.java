package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal whose end was cut or rewritten, as an operator (or an attacker) could leave it:
 * resume must not take it as the record and repeat what already happened, and status must not
 * present it as a record to act on.
 */
class JournalTamperingTest {
    @TempDir
    Path dir;

    private Path counter;

    /** A plan whose first step leaves a mark each time it runs, and whose second step fails. */
    private Path plan() throws Exception {
        counter = dir.resolve("promotions.txt");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: tampering }
                spec:
                  steps:
                    - id: promote
                      type: exec
                      with: { command: [sh, -c, "echo promoted >> %s"] }
                    - id: verify
                      type: exec
                      needs: [promote]
                      with: { command: [sh, -c, "exit 3"] }
                """.formatted(counter));
        return plan;
    }

    private CliHarness drctl() {
        return new CliHarness(dir.resolve("state"));
    }

    @Test
    void resume_refuses_a_journal_whose_last_lines_were_deleted_and_the_completed_step_is_not_repeated()
            throws Exception {
        CliHarness.Result run = drctl().run("run", plan().toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.STEP_FAILED.code());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        Path journal = Journals.journalFile(dir.resolve("state"), runId);
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        int promoteDone = indexOf(lines, "\"step.succeeded\"");
        Files.write(
                journal, lines.subList(0, promoteDone), StandardCharsets.UTF_8); // "promote" never finished, it seems

        CliHarness.Result resume = drctl().run("resume", runId);
        CliHarness.Result status = drctl().run("status", runId);

        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(ExitCode.NEEDS_HUMAN.code());
        assertThat(resume.err() + resume.out())
                .contains("does not verify")
                .contains("lines are missing (cut or deleted)");
        assertThat(Files.readAllLines(counter)).as("promote ran once").containsExactly("promoted");
        assertThat(status.exitCode()).isEqualTo(ExitCode.NEEDS_HUMAN.code());
        assertThat(status.out()).contains("DOES NOT VERIFY").contains("missing");
    }

    @Test
    void a_final_line_rewritten_from_failed_to_succeeded_is_not_believed() throws Exception {
        drctl().run("run", plan().toString());
        String runId = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        Path journal = Journals.journalFile(dir.resolve("state"), runId);
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        String last = lines.getLast();
        assertThat(last).contains("\"run.finished\"").contains("\"failed\"");
        lines.set(lines.size() - 1, last.replace("\"failed\"", "\"succeeded\""));
        Files.write(journal, lines, StandardCharsets.UTF_8);

        CliHarness.Result status = drctl().run("status", runId);

        assertThat(status.exitCode()).isEqualTo(ExitCode.NEEDS_HUMAN.code());
        assertThat(status.out()).contains("the last line was changed");
    }

    @Test
    void no_journal_content_crashes_status_or_runs_and_runs_still_lists_every_run() throws Exception {
        drctl().run("run", plan().toString());
        String good = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        Path runs = dir.resolve("state/runs");
        // a journal whose step.failed has no kind, chained and counted as a writer would leave it
        String noKind = "20261202-000000-0001";
        Files.createDirectories(runs.resolve(noKind));
        try (var j = io.drctl.engine.journal.Journal.create(
                runs.resolve(noKind).resolve("journal.jsonl"),
                new io.drctl.engine.event.EventCodec(),
                new io.drctl.engine.secret.Redactor())) {
            java.time.Instant t = java.time.Instant.parse("2026-12-02T00:00:00Z");
            j.on(new io.drctl.engine.event.RunEvent.RunStarted(
                    t,
                    noKind,
                    "tampering",
                    "p.yaml",
                    "0".repeat(64),
                    "failover",
                    "kim",
                    "host",
                    "",
                    List.of("promote")));
            j.on(new io.drctl.engine.event.RunEvent.StepFailed(
                    t, noKind, "promote", null, "boom", 1, false, false, 5, java.util.Map.of()));
        }
        // and an empty one
        String empty = "20261202-000000-0002";
        Files.createDirectories(runs.resolve(empty));
        Files.createFile(runs.resolve(empty).resolve("journal.jsonl"));

        CliHarness.Result list = drctl().run("runs");
        CliHarness.Result status = drctl().run("status", noKind);
        CliHarness.Result statusOfEmpty = drctl().run("status", empty);

        assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(list.out()).contains(good).contains(noKind).contains(empty).contains("DAMAGED");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.NEEDS_HUMAN.code());
        assertThat(status.out() + status.err()).contains("malformed step.failed event: no kind");
        assertThat(statusOfEmpty.exitCode()).as(statusOfEmpty.toString()).isEqualTo(ExitCode.NEEDS_HUMAN.code());
        assertThat(statusOfEmpty.err()).contains("has no start record");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }
}
