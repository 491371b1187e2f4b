package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.demo.DemoWorld;
import io.drctl.engine.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drctl preflight} against the demo's world — two sandbox sites and a real PostgreSQL
 * primary and standby — asked as an operator would before the day, and with a site assumed lost.
 */
class PreflightIT {
    @TempDir
    Path dir;

    private DemoWorld world;
    private CliHarness cli;

    @BeforeEach
    void start() {
        world = DemoWorld.start(dir.resolve("world"), Duration.ofMillis(300), false);
        cli = new CliHarness(dir.resolve("state")).env("DRCTL_DEMO_DB_PASSWORD", world.databasePassword());
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private CliHarness.Result preflight(Path plan, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "--kubeconfig";
        args[1] = world.kubeconfig().toString();
        args[2] = "preflight";
        args[3] = plan.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return cli.run(args);
    }

    @Test
    void a_dead_site_is_reported_unreachable_within_seconds_with_exit_69() {
        world.lose("dead");
        Instant start = Instant.now();

        CliHarness.Result result = preflight(world.plan());

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(result.out())
                .contains("✘ kubernetes  site pangyo (context pangyo): unreachable")
                .contains("✘ database    chat@pangyo (postgresql): unreachable")
                .contains("✓ database    chat@gasan (postgresql): ok");
    }

    @Test
    void an_unset_secret_is_a_configuration_problem_with_exit_78() {
        CliHarness.Result result = new CliHarness(dir.resolve("state"))
                .run(
                        "--kubeconfig",
                        world.kubeconfig().toString(),
                        "preflight",
                        world.plan().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.CONFIGURATION.code());
        assertThat(result.out()).contains("${env:DRCTL_DEMO_DB_PASSWORD}").contains("is not set");
    }

    @Test
    void every_dependency_of_the_demo_plan_answers() {
        CliHarness.Result result = preflight(world.plan());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(result.out())
                .contains("✓ kubernetes  site pangyo (context pangyo): ok")
                .contains("✓ kubernetes  site gasan (context gasan): ok")
                .contains("✓ state       run state in site gasan: ok")
                .contains("✓ database    chat@pangyo (postgresql): ok — primary, accepts writes")
                .contains("✓ database    chat@gasan (postgresql): ok — standby (in recovery)")
                .contains("needed by gasan-db-standby, fence-pangyo-db, promote-gasan-db, gasan-db-writable");
    }

    @Test
    void the_demo_plan_gets_through_without_pangyo() {
        CliHarness.Result result = preflight(world.plan(), "--assume-lost", "pangyo");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(result.out())
                .contains("– kubernetes  site pangyo (context pangyo): in the lost site, not asked")
                .contains("and the plan gets through without pangyo");
    }

    @Test
    void losing_the_site_that_keeps_the_run_state_blocks_with_every_reason() {
        CliHarness.Result result = preflight(world.plan(), "--assume-lost", "gasan");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(result.out())
                .contains("✘ state       run state in site gasan: lives in the lost site")
                .contains("gasan-cluster-ready (k8s.wait): stops the run")
                .contains("promotes chat@gasan, which is in the lost site");
    }

    @Test
    void a_surviving_sites_server_inside_the_lost_sites_networks_blocks() throws Exception {
        // Everything here listens on 127.0.0.1: said to be pangyo's network, gasan's API server and database are in it.
        Path plan = dir.resolve("networks.yaml");
        Files.writeString(
                plan,
                Files.readString(world.plan())
                        .replace(
                                "      description: Pangyo datacenter (on fire)\n",
                                "      description: Pangyo datacenter (on fire)\n      networks: [127.0.0.1/32]\n"));

        CliHarness.Result result = preflight(plan, "--assume-lost", "pangyo");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(result.out())
                .contains("✘ kubernetes  site gasan (context gasan): lives in the lost site — 127.0.0.1 is in site "
                        + "pangyo (127.0.0.1/32)")
                .contains("✘ database    chat@gasan (postgresql): lives in the lost site");
    }

    @Test
    void a_site_the_plan_does_not_have_is_a_usage_error() {
        CliHarness.Result result = preflight(world.plan(), "--assume-lost", "busan");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains("no site 'busan'").contains("pangyo, gasan");
    }
}
