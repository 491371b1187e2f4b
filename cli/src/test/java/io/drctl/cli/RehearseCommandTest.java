package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearseCommandTest {
    @TempDir
    Path dir;

    private Path plan(String rto, String lastCommand) throws Exception {
        Path plan = dir.resolve("plan-" + rto + ".yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: drill }
                spec:
                  objectives: { rto: %s }
                  steps:
                    - id: drain
                      type: wait
                      with: { duration: 200ms }
                    - id: real-dns-switch
                      type: exec
                      when: [failover]
                      with: { command: [touch, "%s"] }
                    - id: drill-note
                      type: exec
                      when: [rehearsal]
                      needs: [drain]
                      with: { command: [%s] }
                """.formatted(rto, dir.resolve("real-switch-happened"), lastCommand));
        return plan;
    }

    private CliHarness drctl() {
        return new CliHarness(dir.resolve("state"));
    }

    @Test
    void a_rehearsal_that_misses_its_rto_exits_3_and_says_by_how_much() throws Exception {
        CliHarness.Result r = drctl().run("rehearse", plan("50ms", "true").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(r.out()).contains("(rehearsal)").contains("RTO ").contains("MISSED: over the objective of 50ms");
    }

    @Test
    void a_rehearsal_within_its_rto_exits_0_skips_failover_only_steps_and_runs_rehearsal_ones() throws Exception {
        CliHarness.Result r = drctl().run("rehearse", plan("1m", "true").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out()).contains("within the objective of 1m");
        assertThat(dir.resolve("real-switch-happened")).doesNotExist();
    }

    @Test
    void a_rehearsal_whose_step_fails_exits_as_a_failed_run() throws Exception {
        CliHarness.Result r = drctl().run("rehearse", plan("1m", "false").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.STEP_FAILED.code());
        assertThat(r.out()).doesNotContain("within the objective");
    }

    @Test
    void runs_of_one_plan_show_the_trend_across_rehearsals() throws Exception {
        drctl().run("rehearse", plan("1m", "true").toString());
        drctl().run("rehearse", plan("50ms", "true").toString());
        Path other = dir.resolve("other.yaml");
        Files.writeString(
                other,
                "apiVersion: drctl.io/v1\nkind: RecoveryPlan\nmetadata: { name: other }\nspec:\n  steps:\n"
                        + "    - id: a\n      type: wait\n      with: { duration: 10ms }\n");
        drctl().run("run", other.toString());

        CliHarness.Result trend = drctl().run("runs", "--plan", "drill");

        assertThat(trend.exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(trend.out()).contains("TOOK").doesNotContain(" other ");
        assertThat(trend.out().lines().filter(l -> l.contains(" drill ")).toList())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("rehearsal").containsPattern("\\d+ms|\\d+s"));
    }

    @Test
    void a_rehearsal_says_whether_it_acts_on_the_plans_own_targets_or_on_those_spec_rehearsal_names() throws Exception {
        Path own = plan("1m", "true");
        Path staged = dir.resolve("staged.yaml");
        Files.writeString(staged, Files.readString(own).replace("  objectives: { rto: 1m }\n", """
                  objectives: { rto: 1m }
                  sites:
                    pangyo: { description: production }
                  rehearsal:
                    sites:
                      pangyo: { description: staging copy of pangyo }
                """));

        CliHarness.Result onOwn = drctl().run("rehearse", own.toString());
        CliHarness.Result onStaging = drctl().run("rehearse", staged.toString());

        assertThat(onOwn.out()).contains("this rehearsal acts on the plan's own targets");
        assertThat(onStaging.exitCode()).as(onStaging.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(onStaging.out())
                .contains("rehearsal targets from spec.rehearsal: sites.pangyo.description")
                .doesNotContain("acts on the plan's own targets");
    }
}
