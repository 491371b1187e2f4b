package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.servers.BindServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waitForTtl} on the day: a real BIND primary and a real BIND caching resolver in front
 * of it. The wait must last as long as the resolver can serve the old answer — the TTL a record
 * had before a dns.ttl step lowered it (in this run or a preparation run), or the zone's
 * negative-caching TTL for a name that did not exist — and the resolver must answer the new
 * value when it ends.
 */
class DnsWaitForTtlBindIT {
    static final String ZONE = "example.test.";
    /** SOA MINIMUM: resolvers cache "no such name" for 3s. */
    static final long NEGATIVE_TTL = 3;

    static BindServer primary;
    static BindServer resolver;

    @TempDir
    Path temp;

    @BeforeAll
    static void startServers() {
        primary = BindServer.primary(ZONE, """
                lowered  4    IN A  192.0.2.1
                hour     3600 IN A  192.0.2.2
                prepared 3600 IN A  192.0.2.3
                short    1    IN A  192.0.2.4
                """, NEGATIVE_TTL);
        resolver = BindServer.cachingResolver(ZONE, primary);
    }

    @AfterAll
    static void stopServers() {
        if (resolver != null) {
            resolver.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    /** A plan that lowers the TTL of {@code name} to 1s (step lower-ttl), then points it elsewhere with waitForTtl (step reroute). */
    private static Plan lowerThenReroute(String name, String newValue) {
        return DnsPlans.load("""
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: ttl-then-reroute }
                spec:
                  dns:
                    public:
                      provider: rfc2136
                      zone: %s
                      server: "%s"
                      tsig: { name: "%s", secret: "${env:TSIG}" }
                      timeout: 2s
                  steps:
                    - id: lower-ttl
                      type: dns.ttl
                      with: { zone: public, records: [ { name: %s, type: A } ], ttl: 1 }
                    - id: reroute
                      type: dns.update
                      needs: [lower-ttl]
                      timeout: 30s
                      with:
                        zone: public
                        records: [ { name: %s, type: A, value: %s } ]
                        waitForTtl: true
                """.formatted(ZONE, primary.address(), BindServer.KEY_NAME, name, name, newValue));
    }

    private static FakeStepContext.Builder step(Plan plan, String id, Path runDirectory) {
        return FakeStepContext.forStepOf(plan, id)
                .env("TSIG", primary.tsigSecret())
                .runDirectory(runDirectory)
                .deadlineIn(Duration.ofSeconds(20));
    }

    private static String askResolver(String name) throws Exception {
        return ResolverAnswer.ask(
                        DnsServer.parse(resolver.address()),
                        RecordNames.absolute(name, RecordNames.zone(ZONE)),
                        RecordType.A,
                        Duration.ofSeconds(2))
                .describe();
    }

    @Test
    void the_wait_lasts_the_ttl_the_record_had_before_dns_ttl_lowered_it_earlier_in_the_run() throws Exception {
        Plan plan = lowerThenReroute("lowered", "198.51.100.1");
        Path run = temp.resolve("run");
        assertThat(askResolver("lowered")).startsWith("answers 192.0.2.1 (ttl "); // cached for up to 4s from now
        FakeStepContext lower = step(plan, "lower-ttl", run).build();
        StepRun.run(new DnsTtlStepType(), lower);
        FakeStepContext reroute = step(plan, "reroute", run)
                .outputsOf("lower-ttl", lower.outputs())
                .build();

        StepRun.run(new DnsUpdateStepType(), reroute);

        assertThat(askResolver("lowered")).startsWith("answers 198.51.100.1 ");
        assertThat(reroute.progressMessages())
                .last()
                .isEqualTo("caches can no longer hold the old answer: waited for ttl 4s "
                        + "of lowered.example.test. A, which it had until step lower-ttl of this run lowered it at "
                        + lower.output("changedAt").toString().replaceFirst("\\.\\d+Z$", "Z"));
    }

    @Test
    void a_3600s_ttl_lowered_earlier_in_the_run_is_waited_for_and_a_short_timeout_fails_at_once_saying_so()
            throws Exception {
        Plan plan = lowerThenReroute("hour", "198.51.100.2");
        Path run = temp.resolve("run");
        FakeStepContext preview = step(plan, "reroute", run).build();
        assertThat(StepRun.check(new DnsUpdateStepType(), preview).summary())
                .contains(
                        "waitForTtl: will wait 1h after the change (ttl 3600s of hour.example.test. A, which it had when this step changed it)");
        FakeStepContext lower = step(plan, "lower-ttl", run).build();
        StepRun.run(new DnsTtlStepType(), lower);
        FakeStepContext reroute = step(plan, "reroute", run)
                .outputsOf("lower-ttl", lower.outputs())
                .build();
        assertThat(StepRun.check(new DnsUpdateStepType(), reroute).summary())
                .containsPattern(
                        "waitForTtl: will wait (1h|59m5\\ds) after the change \\(ttl 3600s of hour\\.example\\.test\\. A, "
                                + "which it had until step lower-ttl of this run lowered it at ");
        long start = System.nanoTime();

        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), reroute))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("waitForTtl: resolvers may serve the old answer until ")
                .hasMessageContaining(
                        " (ttl 3600s of hour.example.test. A, which it had until step lower-ttl of this run lowered it at ")
                .hasMessageMatching(
                        ".*\\), after this step's timeout ends; give the step a timeout of at least (1h|59m5\\ds) and resume");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_ttl_lowered_by_an_earlier_preparation_run_is_found_in_the_state_directory() throws Exception {
        Plan plan = lowerThenReroute("prepared", "198.51.100.3");
        Path stateDir = temp.resolve("state");
        FakeStepContext lower = step(plan, "lower-ttl", stateDir.resolve("runs/20261201-prepare"))
                .build();
        StepRun.run(new DnsTtlStepType(), lower);
        // The failover is another run of the same state directory: this run's journal knows nothing of the lowering.
        FakeStepContext reroute = step(plan, "reroute", stateDir.resolve("runs/20261202-failover"))
                .env("DRCTL_STATE_DIR", stateDir.toString())
                .build();

        assertThatThrownBy(() -> StepRun.run(new DnsUpdateStepType(), reroute))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining(
                        " (ttl 3600s of prepared.example.test. A, which it had until step lower-ttl of run "
                                + "20261201-prepare lowered it at ")
                .hasMessageMatching(".*give the step a timeout of at least (1h|59m5\\ds) and resume");
    }

    @Test
    void a_name_that_did_not_exist_is_waited_for_the_zone_negative_caching_ttl() throws Exception {
        assertThat(askResolver("brand-new")).isEqualTo("answers NXDOMAIN"); // cached for up to 3s from now
        FakeStepContext create = FakeStepContext.forType(new DnsUpdateStepType())
                .section(
                        "dns",
                        java.util.Map.of(
                                "public", DnsUpdateBindIT.zone(primary.address(), DnsUpdateBindIT.key("${env:TSIG}"))))
                .env("TSIG", primary.tsigSecret())
                .param("zone", "public")
                .param(
                        "records",
                        java.util.List.of(
                                java.util.Map.of("name", "brand-new", "type", "A", "value", "198.51.100.4", "ttl", 1L)))
                .param("waitForTtl", true)
                .temporaryRunDirectory()
                .deadlineIn(Duration.ofSeconds(20))
                .build();

        CheckResult check = StepRun.run(new DnsUpdateStepType(), create);

        assertThat(askResolver("brand-new")).startsWith("answers 198.51.100.4 ");
        assertThat(check.summary())
                .contains("waitForTtl: will wait 3s after the change (negative-caching ttl 3s of zone "
                        + "example.test. (the lesser of SOA TTL 300s and SOA MINIMUM 3s, RFC 2308), as brand-new.example.test. A did "
                        + "not exist before)");
        assertThat(create.progressMessages())
                .last()
                .isEqualTo("caches can no longer hold the old answer: waited for "
                        + "negative-caching ttl 3s of zone example.test. (the lesser of SOA TTL 300s and SOA MINIMUM 3s, RFC 2308), "
                        + "as brand-new.example.test. A did not exist before");
    }
}
