package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover whose {@code dns.update} names the preparation run that lowered the TTLs days
 * before ({@code ttlLoweredIn}), against a real BIND primary: the wait lasts the TTL a record had
 * before that run lowered it, and a run that is not there, cannot be read or did not lower the
 * record stops the step before anything is changed — never a silent wait for the lowered TTL.
 */
class DnsPreparationRunBindIT {
    static final String ZONE = "example.test.";
    static final String PREPARATION = "20261201-093000-7f3a";
    static final String FAILOVER = "20261202-184000-0b1c";
    static BindServer primary;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startServer() {
        primary = BindServer.primary(ZONE, """
                prepared  4    IN A  192.0.2.1
                forgotten 3600 IN A  192.0.2.2
                missing   3600 IN A  192.0.2.3
                broken    3600 IN A  192.0.2.4
                decoy     3600 IN A  192.0.2.5
                """);
    }

    @AfterAll
    static void stopServer() {
        if (primary != null) {
            primary.close();
        }
    }

    private static String dns() {
        return """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: %s }
                spec:
                  dns:
                    public:
                      provider: rfc2136
                      zone: %s
                      server: "%s"
                      tsig: { name: "%s", secret: "${env:TSIG}" }
                      timeout: 2s
                  steps:
                """;
    }

    /** The preparation plan: lowers the TTL of {@code name} to 1s. */
    private static Plan preparation(String name) {
        return DnsPlans.load(
                dns().formatted("prepare", ZONE, primary.address(), BindServer.KEY_NAME) + """
                    - id: lower-ttl
                      type: dns.ttl
                      with: { zone: public, records: [ { name: %s, type: A } ], ttl: 1 }
                """.formatted(name));
    }

    /** The failover plan: points {@code name} elsewhere, waiting for the TTL it had before run {@code preparedIn} lowered it. */
    private static Plan failover(String name, String value, String preparedIn) {
        return DnsPlans.load(dns().formatted("failover", ZONE, primary.address(), BindServer.KEY_NAME)
                + """
                    - id: reroute
                      type: dns.update
                      timeout: 30s
                      with:
                        zone: public
                        records: [ { name: %s, type: A, value: %s } ]
                        waitForTtl: true
                """.formatted(name, value)
                + (preparedIn == null ? "" : "        ttlLoweredIn: \"" + preparedIn + "\"\n"));
    }

    private FakeStepContext.Builder step(Plan plan, String id, String runId) {
        return FakeStepContext.forStepOf(plan, id)
                .env("TSIG", primary.tsigSecret())
                .env("DRCTL_STATE_DIR", stateDir.toString())
                .runDirectory(stateDir.resolve("runs").resolve(runId))
                .deadlineIn(Duration.ofSeconds(20));
    }

    private void prepare(String name) throws Exception {
        StepRun.run(
                new DnsTtlStepType(),
                step(preparation(name), "lower-ttl", PREPARATION).build());
    }

    private static String answerOf(String name) throws Exception {
        return ResolverAnswer.ask(
                        DnsServer.parse(primary.address()),
                        RecordNames.absolute(name, RecordNames.zone(ZONE)),
                        RecordType.A,
                        Duration.ofSeconds(2))
                .describe();
    }

    @Test
    void a_named_preparation_run_that_is_not_in_the_state_directory_stops_the_step_before_anything_changes()
            throws Exception {
        FakeStepContext reroute = step(failover("missing", "198.51.100.3", PREPARATION), "reroute", FAILOVER)
                .build();

        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), reroute))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("ttlLoweredIn: there is no run " + PREPARATION + " in " + stateDir.resolve("runs")
                        + " (a run kept on "
                        + "another machine is not here: copy its directory into this state directory's runs/); without it drctl "
                        + "cannot tell which TTL missing.example.test. A had before it was lowered, nor how long resolvers may "
                        + "serve the old answer");
        assertThat(answerOf("missing")).startsWith("answers 192.0.2.3 (ttl 3600");
    }

    @Test
    void a_named_preparation_run_that_did_not_lower_the_record_stops_the_step_before_anything_changes()
            throws Exception {
        prepare("decoy");
        FakeStepContext reroute = step(failover("forgotten", "198.51.100.2", PREPARATION), "reroute", FAILOVER)
                .build();

        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), reroute))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("ttlLoweredIn: run " + PREPARATION
                        + " did not lower the TTL of forgotten.example.test. A in zone "
                        + ZONE
                        + " (it lowered decoy.example.test. A); drctl cannot tell which TTL forgotten.example.test. A "
                        + "had before, nor how long resolvers may serve the old answer: name the run that lowered it, or lower "
                        + "it with dns.ttl first");
        assertThat(answerOf("forgotten")).startsWith("answers 192.0.2.2 (ttl 3600");
    }

    @Test
    void an_unreadable_record_of_the_named_run_stops_the_step_instead_of_being_skipped() throws Exception {
        Path record =
                stateDir.resolve("runs").resolve(PREPARATION).resolve("dns").resolve("lower-ttl.json");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "{\"at\": \"not a time\"");
        FakeStepContext reroute = step(failover("broken", "198.51.100.4", PREPARATION), "reroute", FAILOVER)
                .build();

        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), reroute))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("waitForTtl: cannot read " + record + " (")
                .hasMessageEndingWith(
                        "), a record of an earlier run's DNS changes: drctl cannot tell whether it lowered this "
                                + "TTL, nor how long resolvers may serve the old answer; repair or remove it");
        assertThat(answerOf("broken")).startsWith("answers 192.0.2.4 (ttl 3600");
    }

    @Test
    void an_unreadable_record_of_any_earlier_run_stops_a_wait_that_names_no_run_instead_of_being_skipped()
            throws Exception {
        Path record = stateDir.resolve("runs")
                .resolve("20261130-120000-aaaa")
                .resolve("dns")
                .resolve("lower-ttl.json");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "{\"at\": \"not a time\", ");
        FakeStepContext reroute = step(failover("broken", "198.51.100.4", null), "reroute", FAILOVER)
                .build();

        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), reroute))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("waitForTtl: cannot read " + record + " (");
        assertThat(answerOf("broken")).startsWith("answers 192.0.2.4 (ttl 3600");
    }

    @Test
    void
            the_wait_lasts_the_ttl_the_record_had_before_the_named_preparation_run_lowered_it_and_says_where_that_came_from()
                    throws Exception {
        prepare("prepared"); // 4s → 1s: a resolver that asked just before may keep the old answer 4s
        FakeStepContext reroute = step(failover("prepared", "198.51.100.1", PREPARATION), "reroute", FAILOVER)
                .build();
        long start = System.nanoTime();

        StepRun.run(new DnsUpdateStepType(), reroute);

        assertThat(answerOf("prepared")).startsWith("answers 198.51.100.1 ");
        assertThat(reroute.progressMessages())
                .last()
                .asString()
                .matches("caches can no longer hold the old answer: waited for "
                        + "ttl 4s of prepared\\.example\\.test\\. A, which it had until step lower-ttl of run "
                        + PREPARATION
                        + " lowered it at \\S+Z");
        assertThat((String) reroute.output("cachesExpireBecause")).contains("of run " + PREPARATION);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(2));
    }
}
