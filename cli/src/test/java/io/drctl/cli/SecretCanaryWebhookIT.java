package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.testing.WebhookReceiver;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.cli.testing.SecretPieces;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary suite's webhook path: a plan that keeps a real HTTP server on loopback told of every
 * step (spec.notify — drctl has no notification step type; channels are how a run notifies) and
 * whose steps print a secret on purpose. No 8-character piece of the secret, nor of the token in
 * the webhook's own URL, reaches a request's body or headers, text or JSON Lines output, the
 * journal, status, runs, reports, the error message of a failed delivery, or anything after a
 * resume.
 */
class SecretCanaryWebhookIT {
    private static final String CANARY = "Wb7nQx4TzK9mLp2VhR6sYd8FcJ3gUe5A";
    private static final String HOOK_TOKEN = "hT5kP9wQ2xZr7LmN4vB8cY3dF6gJ1sAe";

    @TempDir
    Path dir;

    @Test
    void no_piece_of_a_secret_reaches_the_webhook_or_any_record_of_the_run_through_a_failure_and_a_resume()
            throws Exception {
        Path gate = dir.resolve("GO");
        Path copy = dir.resolve("token-copy.txt"); // the same value, reached without a reference
        Files.writeString(copy, CANARY);
        Path plan = dir.resolve("webhook-canary.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: webhook-canary }
                spec:
                  notify:
                    - type: webhook
                      format: generic
                      url: "${env:INCIDENT_WEBHOOK}"
                      events: [run-started, run-finished, step-failed, every-step]
                  steps:
                    - id: login
                      type: exec
                      with:
                        command: [sh, -c, 'echo "token is $TOKEN"; echo "stderr $TOKEN" >&2']
                        env: { TOKEN: "${env:CANARY}" }
                    - id: later
                      type: exec
                      needs: [login]
                      with: { command: [sh, -c, 'if test -f %s; then echo "the token was $(cat %s)"; else echo "failing with $(cat %s)" >&2; exit 1; fi'] }
                """.formatted(gate, copy, copy));
        Path state = dir.resolve("state");
        Map<String, String> texts = new LinkedHashMap<>();
        List<WebhookReceiver.Received> requests = new ArrayList<>();
        try (WebhookReceiver failing = WebhookReceiver.start().answering(500);
                WebhookReceiver channel = WebhookReceiver.start()) {
            CliHarness first = new CliHarness(state)
                    .env("CANARY", CANARY)
                    .env("INCIDENT_WEBHOOK", failing.url("/hook?token=" + HOOK_TOKEN));
            CliHarness.Result failed = first.run("run", plan.toString(), "-o", "json");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.STEP_FAILED.code());
            assertThat(failed.out()).contains("could not deliver").contains("${env:INCIDENT_WEBHOOK}");
            record("run (JSON Lines, deliveries answered 500)", failed, texts);
            String runId = Journals.onlyRunId(state, Duration.ofSeconds(1));
            Files.writeString(gate, "");

            CliHarness then = new CliHarness(state)
                    .env("CANARY", CANARY)
                    .env("INCIDENT_WEBHOOK", channel.url("/hook?token=" + HOOK_TOKEN));
            CliHarness.Result resumed = then.run("resume", runId);
            assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.SUCCESS.code());
            assertThat(resumed.out()).contains("the token was ***");
            record("resume (text)", resumed, texts);
            record("status", then.run("status", runId), texts);
            record("status -o json", then.run("status", runId, "-o", "json"), texts);
            record("runs", then.run("runs"), texts);
            record("report", then.run("report"), texts);
            record("report --format json", then.run("report", "--format", "json"), texts);
            record("report --format junit", then.run("report", "--format", "junit"), texts);
            Path html = dir.resolve("report.html");
            record("report --format html", then.run("report", "--format", "html", "--out", html.toString()), texts);
            texts.put(html.toString(), Files.readString(html));
            requests.addAll(failing.received());
            requests.addAll(channel.received());
            assertThat(channel.received())
                    .as("the channel was told of the resumed run")
                    .isNotEmpty();
            assertThat(requests)
                    .as("a failed step was reported to a channel")
                    .anyMatch(r -> r.body().contains("later"));
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.put(f.toString(), Files.readString(f));
            }
        }
        for (WebhookReceiver.Received r : requests) {
            texts.put("request body to " + r.path(), r.body());
            texts.put("request headers to " + r.path(), r.headers().toString());
        }

        SecretPieces pieces = SecretPieces.of(CANARY, HOOK_TOKEN);
        texts.forEach((where, text) -> assertThat(pieces.foundIn(text))
                .as("a piece of a secret in " + where + ":\n" + text)
                .isEmpty());
    }

    private static void record(String what, CliHarness.Result r, Map<String, String> texts) {
        texts.put(what + " stdout", r.out());
        texts.put(what + " stderr", r.err());
    }
}
