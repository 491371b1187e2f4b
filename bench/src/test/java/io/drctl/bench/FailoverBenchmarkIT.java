package io.drctl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark itself, at a size that takes seconds: it must keep working (plan, sandbox,
 * drctl.jar and runbook in step with each other), or docs/performance.md can no longer be
 * reproduced. It asserts what was done and counted, never how fast.
 */
class FailoverBenchmarkIT {
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @TempDir
    Path results;

    @Test
    void drctl_and_the_runbook_both_fail_over_every_workload_and_drctl_s_requests_are_counted_per_site()
            throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(
                new String[] {
                    "--workloads",
                    "6",
                    "--namespaces",
                    "2",
                    "--latency",
                    "5ms",
                    "--controller-delay",
                    "300ms",
                    "--results",
                    results.toString()
                },
                REPO);

        Measurement m = FailoverBenchmark.measure(options, 6, new PrintStream(System.err, true));

        assertThat(m.exitCode()).as("drctl run's exit code").isZero();
        assertThat(m.endState()).as("site-a at zero and site-b rolled out").isTrue();
        assertThat(m.baseline()).isPresent();
        assertThat(m.requests().get(BenchCluster.FAILED)).containsKey("patch");
        assertThat(m.requests().get(BenchCluster.SURVIVOR)).containsKey("patch");
        assertThat(m.peakRssKib()).as("peak RSS read from /proc").isPositive();
        assertThat(m.lowerBound()).isEqualTo(Duration.ofMillis(320));
        assertThat(m.podsStarted())
                .as("the failed site ran its pods before drctl started")
                .isPositive();
        assertThat(ResultsTable.markdown(List.of(m)))
                .contains("| 6 |")
                .contains("| right |")
                .contains("12 pods running after");
    }
}
