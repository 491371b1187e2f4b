package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a plan needs from its configuration is checked before a run exists. */
class ConfigurationPreflightTest {
    @TempDir
    Path dir;

    private Path plan() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: needs-secrets }
                spec:
                  steps:
                    - id: first
                      type: exec
                      with: { command: [echo, ok], env: { TOKEN: "${env:NOT_SET_ANYWHERE}" } }
                    - id: second
                      type: exec
                      needs: [first]
                      with: { command: [echo, ok], env: { KEY: "${file:%s}" } }
                    - id: failover-only
                      type: exec
                      when: [failover]
                      with: { command: [echo, ok], env: { P: "${env:ONLY_IN_PRODUCTION}" } }
                """.formatted(dir.resolve("no-such-key.pem")));
        return plan;
    }

    @Test
    void a_missing_secret_or_key_file_stops_the_run_before_it_exists_one_line_per_problem() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state"));

        CliHarness.Result run = drctl.run("run", plan().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.CONFIGURATION.code());
        assertThat(run.err().lines().filter(l -> l.startsWith("drctl:   ")).toList())
                .hasSize(3)
                .anySatisfy(l ->
                        assertThat(l).contains("step first (with).env.TOKEN").contains("${env:NOT_SET_ANYWHERE}"))
                .anySatisfy(l -> assertThat(l).contains("step second").contains("no-such-key.pem"));
        assertThat(run.err()).doesNotContain("drctl resume");
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }

    @Test
    void a_rehearsal_does_not_need_the_secrets_of_steps_that_only_run_in_a_failover() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("NOT_SET_ANYWHERE", "x");
        Files.writeString(dir.resolve("no-such-key.pem"), "key");

        CliHarness.Result rehearsal = drctl.run("rehearse", plan().toString());
        CliHarness.Result failover = drctl.run("run", plan().toString());

        assertThat(rehearsal.exitCode()).as(rehearsal.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(failover.exitCode()).isEqualTo(ExitCode.CONFIGURATION.code());
        assertThat(failover.err()).contains("${env:ONLY_IN_PRODUCTION}");
    }

    @Test
    void a_kubeconfig_option_naming_a_missing_file_says_so_before_any_run_exists() throws Exception {
        CliHarness.Result run = new CliHarness(dir.resolve("state"))
                .run(
                        "run",
                        plan().toString(),
                        "--kubeconfig",
                        dir.resolve("nope/kubeconfig").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--kubeconfig " + dir.resolve("nope/kubeconfig") + ": the file does not exist");
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }

    private Path twoSitePlan() throws Exception {
        Path plan = dir.resolve("k8s-plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: needs-contexts }
                spec:
                  sites:
                    site-a: { kubernetes: { context: site-a-ctx } }
                    site-b: { kubernetes: { context: site-b-ctx } }
                  steps:
                    - id: scale-b
                      type: k8s.scale
                      site: site-b
                      with: { namespace: app, names: [web], replicas: 1 }
                """);
        return plan;
    }

    @Test
    void a_site_whose_context_the_kubeconfig_lacks_stops_the_run_before_it_exists() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - { name: a, cluster: { server: "https://127.0.0.1:1" } }
                contexts:
                  - { name: site-a-ctx, context: { cluster: a, user: a } }
                """);

        CliHarness.Result run = new CliHarness(dir.resolve("state"))
                .run("run", twoSitePlan().toString(), "--yes", "--kubeconfig", kubeconfig.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.CONFIGURATION.code());
        assertThat(run.err().lines().filter(l -> l.startsWith("drctl:   ")).toList())
                .singleElement()
                .asString()
                .contains("site site-b: context 'site-b-ctx' is not in kubeconfig")
                .contains("(contexts: site-a-ctx)");
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }

    @Test
    void an_unreadable_kubeconfig_is_named_in_one_line_before_any_run_exists() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "contexts: [ { name: site-a-ctx\n");

        CliHarness.Result run = new CliHarness(dir.resolve("state"))
                .run("run", twoSitePlan().toString(), "--yes", "--kubeconfig", kubeconfig.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.CONFIGURATION.code());
        assertThat(run.err().lines().filter(l -> l.startsWith("drctl:   ")).toList())
                .singleElement()
                .asString()
                .startsWith("drctl:   cannot read kubeconfig " + kubeconfig + ": ");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }
}
