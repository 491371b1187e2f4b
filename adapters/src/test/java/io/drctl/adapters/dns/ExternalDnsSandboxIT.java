package io.drctl.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.site.SiteSettings;
import io.drctl.adapters.kubernetes.testing.DeadSite;
import io.drctl.adapters.kubernetes.testing.PlanRuns;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.FailureKind;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.RunOutcome;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.PlanPreview.Finding;
import io.drctl.engine.spi.CheckResult;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The externaldns provider against the sandbox's API server, over real HTTP, through the real
 * engine: the DNSEndpoint drctl owns is created, changed name by name, read back, and a site
 * that does not answer is unreachable within seconds. (There is no ExternalDNS here: what these
 * tests prove is what drctl writes to the resource ExternalDNS would publish.)
 */
class ExternalDnsSandboxIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @TempDir
    Path dir;

    private String ns;
    private PlanRuns runs;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(Files.createTempDirectory("drctl-externaldns-it"), "gasan"));
        client = sandbox.site("gasan").client();
    }

    @AfterAll
    static void stopSandbox() {
        client.close();
        sandbox.close();
    }

    @BeforeEach
    void ownNamespace() {
        ns = "edns-" + COUNTER.incrementAndGet();
        runs = new PlanRuns(sandbox.kubeconfig(), dir.resolve("state"));
    }

    /** A plan with spec.dns.public in site gasan (namespace {@link #ns}) and {@code steps} as its steps. */
    private Plan plan(PlanRuns with, String steps) throws Exception {
        return plan(with, "", steps);
    }

    /** {@code zoneFields}: more fields of spec.dns.public, one per line. */
    private Plan plan(PlanRuns with, String zoneFields, String steps) throws Exception {
        return with.load(dir, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: externaldns-it }
                spec:
                  sites:
                    gasan: { kubernetes: { context: gasan, namespace: %s, probeTimeout: 2s } }
                  dns:
                    public:
                      provider: externaldns
                      zone: example.com.
                      site: gasan
                      labels: { external-dns/instance: public }
                      timeout: 2s
                %s  steps:
                %s""".formatted(ns, zoneFields.indent(6), steps.indent(4)));
    }

    private Plan update(String records) throws Exception {
        return plan(runs, """
                - id: reroute
                  type: dns.update
                  with:
                    zone: public
                    records:
                %s""".formatted(records.indent(6)));
    }

    private static Resource<GenericKubernetesResource> resource(String namespace, String name) {
        return client.genericKubernetesResources(ExternalDnsProvider.TYPE)
                .inNamespace(namespace)
                .withName(name);
    }

    private Resource<GenericKubernetesResource> owned() {
        return resource(ns, "drctl-public");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> endpointsOf(GenericKubernetesResource r) {
        return (List<Map<String, Object>>)
                ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("endpoints");
    }

    /** A DNSEndpoint as someone else (or an earlier run) left it. */
    private void seed(String name, List<Map<String, Object>> endpoints) {
        client.genericKubernetesResources(ExternalDnsProvider.TYPE)
                .inNamespace(ns)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion(ExternalDnsProvider.API_VERSION)
                        .withKind(ExternalDnsProvider.KIND)
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(ns)
                        .endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints)))
                        .build())
                .create();
    }

    private static Map<String, Object> endpoint(String name, String type, long ttl, String... targets) {
        return Map.of("dnsName", name, "recordType", type, "recordTTL", ttl, "targets", List.of(targets));
    }

    private static StepChecked checked(PlanRuns.Outcome run) {
        return run.eventsOf(StepChecked.class).getFirst();
    }

    @Test
    void dns_update_creates_the_dns_endpoint_it_owns_and_says_there_is_no_serial() throws Exception {
        PlanRuns.Outcome run = runs.run(update("- { name: chat, type: A, value: 198.51.100.10, ttl: 30 }"));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(checked(run).summary())
                .isEqualTo("will change 1 RRset in zone example.com. through externaldns DNSEndpoint " + ns
                        + "/drctl-public on site gasan");
        assertThat(checked(run).changes()).containsExactly("chat.example.com. A: (none) → 198.51.100.10 (ttl 30)");
        GenericKubernetesResource created = owned().get();
        assertThat(created.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "drctl")
                .containsEntry("external-dns/instance", "public");
        assertThat(endpointsOf(created))
                .containsExactly(Map.of(
                        "dnsName",
                        "chat.example.com",
                        "recordType",
                        "A",
                        "targets",
                        List.of("198.51.100.10"),
                        "recordTTL",
                        30));
        Map<String, Object> outputs =
                run.eventsOf(StepSucceeded.class).getFirst().outputs();
        assertThat(outputs).doesNotContainKey("serial").containsEntry("previous", List.of());
        assertThat(outputs.get("dnsEndpoint"))
                .isEqualTo(Map.of(
                        "site",
                        "gasan",
                        "namespace",
                        ns,
                        "name",
                        "drctl-public",
                        "resourceVersion",
                        created.getMetadata().getResourceVersion(),
                        "generation",
                        created.getMetadata().getGeneration(),
                        "serial",
                        "none: ExternalDNS publishes the DNSEndpoint to DNS on its own schedule; drctl cannot read the "
                                + "zone's SOA through it"));
        assertThat(run.eventsOf(StepProgress.class))
                .extracting(StepProgress::message)
                .contains("DNSEndpoint " + ns
                        + "/drctl-public on site gasan holds the records; ExternalDNS publishes them on its own schedule (its --interval "
                        + "or next event): prove what resolvers answer with check.dns");
    }

    @Test
    void a_cname_replaces_an_address_leaving_other_endpoints_alone_and_a_second_run_is_already_done() throws Exception {
        seed(
                "drctl-public",
                List.of(
                        endpoint("www.example.com", "A", 300, "192.0.2.20"),
                        Map.of(
                                "dnsName",
                                "api.example.com",
                                "recordType",
                                "A",
                                "targets",
                                List.of("192.0.2.30"),
                                "providerSpecific",
                                List.of(Map.of("name", "aws/evaluate-target-health", "value", "true"))),
                        endpoint("www.example.com", "MX", 300, "10 mail.example.com"),
                        endpoint("www.example.org", "A", 300, "192.0.2.40")));
        List<Map<String, Object>> foreign = endpointsOf(owned().get()).subList(1, 4);
        Plan plan = update("- { name: www, type: CNAME, value: www.gasan, ttl: 60 }");

        PlanRuns.Outcome first = runs.run(plan);

        assertThat(first.result().outcome()).as(first.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(checked(first).changes())
                .containsExactly(
                        "www.example.com. CNAME: (none) → www.gasan.example.com. (ttl 60)",
                        "www.example.com. A: 192.0.2.20 (ttl 300) → (removed: a CNAME cannot share its name)");
        assertThat(first.eventsOf(StepSucceeded.class).getFirst().outputs().get("previous"))
                .isEqualTo(List.of(
                        Map.of("name", "www.example.com.", "type", "A", "ttl", 300L, "values", List.of("192.0.2.20"))));
        GenericKubernetesResource after = owned().get();
        assertThat(endpointsOf(after))
                .containsExactlyElementsOf(Stream.concat(
                                foreign.stream(),
                                Stream.of(Map.<String, Object>of(
                                        "dnsName",
                                        "www.example.com",
                                        "recordType",
                                        "CNAME",
                                        "targets",
                                        List.of("www.gasan.example.com"),
                                        "recordTTL",
                                        60)))
                        .toList());

        PlanRuns.Outcome second = runs.run(plan);

        assertThat(second.result().outcome()).as(second.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(checked(second).result()).isEqualTo("already-done");
        assertThat(checked(second).summary())
                .isEqualTo("www.example.com. CNAME already www.gasan.example.com. (ttl 60)");
        assertThat(owned().get().getMetadata().getResourceVersion())
                .isEqualTo(after.getMetadata().getResourceVersion());
    }

    @Test
    void plan_shows_current_to_desired_from_the_dns_endpoint_and_changes_nothing() throws Exception {
        seed(
                "drctl-public",
                List.of(
                        Map.of("dnsName", "chat.example.com", "recordType", "A", "targets", List.of("192.0.2.10")),
                        endpoint("status.example.com", "TXT", 120, "\"all good\"")));
        String before = owned().get().getMetadata().getResourceVersion();

        List<Finding> findings = runs.preview(update("""
                - { name: chat, type: A, value: 198.51.100.10, ttl: 30 }
                - { name: status, type: TXT, value: failover to gasan }
                """));

        assertThat(findings).singleElement().isInstanceOfSatisfying(Finding.Checked.class, c -> {
            assertThat(c.result()).isInstanceOf(CheckResult.WillChange.class);
            assertThat(((CheckResult.WillChange) c.result()).changes())
                    .containsExactly(
                            "chat.example.com. A: 192.0.2.10 (ttl 300) → 198.51.100.10 (ttl 30)",
                            "status.example.com. TXT: \"all good\" (ttl 120) → \"failover to gasan\" (ttl 120)");
        });
        assertThat(owned().get().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void dns_ttl_lowers_the_record_ttl_of_an_endpoint() throws Exception {
        seed("drctl-public", List.of(endpoint("chat.example.com", "A", 3600, "192.0.2.10")));

        PlanRuns.Outcome run = runs.run(plan(runs, """
                - id: lower
                  type: dns.ttl
                  with: { zone: public, records: [{ name: chat, type: A }], ttl: 30 }
                """));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(checked(run).changes()).containsExactly("chat.example.com. A: ttl 3600 → 30");
        assertThat(endpointsOf(owned().get()))
                .containsExactly(Map.of(
                        "dnsName",
                        "chat.example.com",
                        "recordType",
                        "A",
                        "targets",
                        List.of("192.0.2.10"),
                        "recordTTL",
                        30));
    }

    @Test
    void wait_for_ttl_waits_for_externaldns_to_publish_and_then_for_the_replaced_ttl() throws Exception {
        seed("drctl-public", List.of(endpoint("chat.example.com", "A", 1, "192.0.2.10")));
        long start = System.nanoTime();

        PlanRuns.Outcome run = runs.run(plan(runs, "publishDelay: 1500ms", """
                - id: reroute
                  type: dns.update
                  with: { zone: public, records: [{ name: chat, type: A, value: 198.51.100.10 }], waitForTtl: true }
                """));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(run.eventsOf(StepProgress.class))
                .last()
                .extracting(StepProgress::message)
                .isEqualTo(
                        "caches can no longer hold the old answer: waited for ttl 1s of chat.example.com. A, which it had when this "
                                + "step changed it, after up to 1500ms for ExternalDNS to publish the change");
    }

    @Test
    void weighted_endpoints_for_one_name_block_the_step_instead_of_being_guessed() throws Exception {
        seed(
                "drctl-public",
                List.of(
                        Map.of(
                                "dnsName",
                                "chat.example.com",
                                "recordType",
                                "A",
                                "targets",
                                List.of("192.0.2.10"),
                                "setIdentifier",
                                "pangyo"),
                        Map.of(
                                "dnsName",
                                "chat.example.com",
                                "recordType",
                                "A",
                                "targets",
                                List.of("198.51.100.10"),
                                "setIdentifier",
                                "gasan")));

        PlanRuns.Outcome run = runs.run(update("- { name: chat, type: A, value: 198.51.100.10 }"));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.BLOCKED);
        assertThat(run.eventsOf(StepFailed.class).getFirst().message())
                .isEqualTo(
                        "DNSEndpoint " + ns + "/drctl-public on site "
                                + "gasan, reading chat.example.com. A in zone example.com.: 2 endpoints have chat.example.com. A (setIdentifier "
                                + "pangyo, gasan): drctl does not choose among weighted or routed records; give the name one endpoint; not retried");
    }

    @Test
    void a_named_dns_endpoint_in_another_namespace_is_the_one_changed() throws Exception {
        String other = ns + "-dns";

        PlanRuns.Outcome run = runs.run(plan(runs, "namespace: " + other + "\ndnsEndpoint: chat-failover", """
                - id: reroute
                  type: dns.update
                  with: { zone: public, records: [{ name: chat, type: A, value: 198.51.100.10, ttl: 30 }] }
                """));

        assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(endpointsOf(resource(other, "chat-failover").get()))
                .extracting(e -> e.get("dnsName"))
                .containsExactly("chat.example.com");
        assertThat(owned().get()).isNull();
    }

    @Test
    void a_write_that_meets_a_change_made_meanwhile_starts_over_and_keeps_both() throws Exception {
        seed("drctl-public", List.of(endpoint("chat.example.com", "A", 300, "192.0.2.10")));
        AtomicInteger writes = new AtomicInteger();
        Cluster cluster = new Cluster(SiteSettings.forContext("gasan", "gasan"), runs.environment());
        ExternalDnsProvider.Endpoint where =
                new ExternalDnsProvider.Endpoint("gasan", ns, "drctl-public", Map.of(), 300, Duration.ofMinutes(1));
        try (cluster;
                ExternalDnsProvider provider = new ExternalDnsProvider(
                        cluster, where, RecordNames.zone("example.com."), Duration.ofSeconds(2))) {
            provider.beforeWrite(() -> {
                if (writes.incrementAndGet() == 1) { // someone else adds an endpoint between drctl's read and its write
                    owned().edit(r -> {
                        endpointsOf(r).add(endpoint("api.example.com", "A", 300, "192.0.2.30"));
                        return r;
                    });
                }
            });

            provider.apply(new ZoneChange(
                    List.of(),
                    List.of(new RecordSet(
                            RecordNames.absolute("chat", provider.zone()),
                            RecordType.A,
                            30,
                            List.of("198.51.100.10")))));
        }

        assertThat(writes).hasValue(2);
        assertThat(endpointsOf(owned().get()))
                .containsExactly(
                        Map.of(
                                "dnsName",
                                "chat.example.com",
                                "recordType",
                                "A",
                                "targets",
                                List.of("198.51.100.10"),
                                "recordTTL",
                                30),
                        Map.of(
                                "dnsName",
                                "api.example.com",
                                "recordType",
                                "A",
                                "targets",
                                List.of("192.0.2.30"),
                                "recordTTL",
                                300));
    }

    interface Opener {
        DeadSite open() throws Exception;
    }

    static Stream<Arguments> deadSites() {
        return Stream.of(
                Arguments.of("a closed port", (Opener) DeadSite::closedPort),
                Arguments.of("a port that accepts but never answers", (Opener) DeadSite::silentPort));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadSites")
    void a_site_that_does_not_answer_makes_the_step_unreachable_within_seconds(String what, Opener opener)
            throws Exception {
        try (DeadSite site = opener.open()) {
            PlanRuns dead = new PlanRuns(site.kubeconfig(dir, "gasan"), dir.resolve("state"));
            Plan plan = plan(dead, """
                    - id: reroute
                      type: dns.update
                      with: { zone: public, records: [{ name: chat, type: A, value: 198.51.100.10 }] }
                    """);

            long start = System.nanoTime();
            PlanRuns.Outcome run = dead.run(plan);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.result().outcome()).as(run.describe()).isEqualTo(RunOutcome.UNREACHABLE);
            assertThat(run.result().outcome().exitCode()).isEqualTo(ExitCode.UNREACHABLE);
            StepFailed failed = run.eventsOf(StepFailed.class).getFirst();
            assertThat(failed.kind()).isEqualTo(FailureKind.UNREACHABLE);
            assertThat(failed.message())
                    .startsWith("DNSEndpoint " + ns + "/drctl-public on site gasan, reading chat.example.com. A "
                            + "in zone example.com.: site gasan (" + site.url())
                    .contains("is unreachable")
                    .doesNotContain("Exception");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }
}
