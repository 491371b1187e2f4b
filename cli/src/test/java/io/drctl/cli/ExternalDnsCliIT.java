package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.ResourceTypes;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DNS switch through ExternalDNS, end to end through the CLI: {@code --kubeconfig} reaches the
 * sandbox site whose DNSEndpoint drctl changes; plan shows current → desired, run changes it and
 * keeps what it replaced, a second run has nothing to do, and a dead site exits 69 in seconds.
 */
class ExternalDnsCliIT {
    static final ResourceDefinitionContext DNS_ENDPOINT =
            ResourceTypes.context("externaldns.k8s.io/v1alpha1", "DNSEndpoint", "dnsendpoints", true);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private KubernetesClient gasan;
    private CliHarness drctl;
    private Path plan;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.of(dir.resolve("sandbox"), "gasan"));
        gasan = sandbox.site("gasan").client();
        gasan.genericKubernetesResources(DNS_ENDPOINT)
                .inNamespace("external-dns")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("externaldns.k8s.io/v1alpha1")
                        .withKind("DNSEndpoint")
                        .withNewMetadata()
                        .withName("chat-failover")
                        .withNamespace("external-dns")
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "spec",
                                Map.of(
                                        "endpoints",
                                        List.of(
                                                Map.of(
                                                        "dnsName",
                                                        "chat.example.io",
                                                        "recordType",
                                                        "A",
                                                        "targets",
                                                        List.of("192.0.2.10"),
                                                        "recordTTL",
                                                        300),
                                                Map.of(
                                                        "dnsName",
                                                        "mail.example.io",
                                                        "recordType",
                                                        "A",
                                                        "targets",
                                                        List.of("192.0.2.25"))))))
                        .build())
                .create();
        drctl = new CliHarness(dir.resolve("state"));
        plan = Files.writeString(dir.resolve("reroute.yaml"), """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: chat-externaldns }
                spec:
                  sites:
                    gasan: { kubernetes: { context: gasan, namespace: chat } }
                  dns:
                    public:
                      provider: externaldns
                      zone: example.io.
                      site: gasan
                      namespace: external-dns
                      dnsEndpoint: chat-failover
                      timeout: 2s
                  steps:
                    - id: reroute
                      type: dns.update
                      with:
                        zone: public
                        records: [ { name: chat, type: A, value: 198.51.100.10, ttl: 30 } ]
                """);
    }

    @AfterEach
    void stop() {
        gasan.close();
        sandbox.close();
    }

    private CliHarness.Result drctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--kubeconfig";
        all[1] = sandbox.kubeconfig().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return drctl.run(all);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> endpoints() {
        GenericKubernetesResource r = gasan.genericKubernetesResources(DNS_ENDPOINT)
                .inNamespace("external-dns")
                .withName("chat-failover")
                .get();
        return (List<Map<String, Object>>)
                ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("endpoints");
    }

    @Test
    void plan_shows_the_switch_run_makes_it_in_the_dns_endpoint_and_a_second_run_has_nothing_to_do() throws Exception {
        CliHarness.Result preview = drctl("plan", plan.toString(), "--detailed-exitcode");

        assertThat(preview.exitCode()).as(preview.toString()).isEqualTo(ExitCode.CHANGES_PENDING.code());
        assertThat(preview.out())
                .contains(
                        "through externaldns DNSEndpoint external-dns/chat-failover on site gasan",
                        "chat.example.io. A: 192.0.2.10 (ttl 300) → 198.51.100.10 (ttl 30)");
        assertThat(endpoints().getFirst().get("targets")).isEqualTo(List.of("192.0.2.10"));

        CliHarness.Result run = drctl("run", plan.toString(), "--reason", "pangyo is down");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(endpoints())
                .containsExactly(
                        Map.of(
                                "dnsName",
                                "chat.example.io",
                                "recordType",
                                "A",
                                "targets",
                                List.of("198.51.100.10"),
                                "recordTTL",
                                30),
                        Map.of("dnsName", "mail.example.io", "recordType", "A", "targets", List.of("192.0.2.25")));
        String runId = Journals.onlyRunId(drctl.stateDir(), Duration.ofSeconds(1));
        Map<String, Object> outputs = Journals.read(drctl.stateDir(), runId).events().stream()
                .filter(StepSucceeded.class::isInstance)
                .map(StepSucceeded.class::cast)
                .findFirst()
                .orElseThrow()
                .outputs();
        assertThat(outputs.get("previous"))
                .isEqualTo(List.of(
                        Map.of("name", "chat.example.io.", "type", "A", "ttl", 300, "values", List.of("192.0.2.10"))));
        assertThat(outputs).doesNotContainKey("serial").containsKey("dnsEndpoint");
        assertThat(Journals.read(drctl.stateDir(), runId).events())
                .filteredOn(RunEvent.StepProgress.class::isInstance)
                .map(e -> ((RunEvent.StepProgress) e).message())
                .anySatisfy(m -> assertThat(m).endsWith("prove what resolvers " + "answer with check.dns"));

        CliHarness.Result again = drctl("run", plan.toString(), "--reason", "re-run is harmless");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(again.out()).contains("chat.example.io. A already 198.51.100.10 (ttl 30)");
    }

    @Test
    void a_site_that_does_not_answer_exits_69_within_seconds_naming_the_dns_endpoint_and_site() {
        sandbox.site("gasan").stop();
        long start = System.nanoTime();

        CliHarness.Result run = drctl("run", plan.toString(), "--reason", "pangyo is down");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.out() + run.err())
                .contains("DNSEndpoint external-dns/chat-failover on site gasan, reading chat.example.io. A "
                        + "in zone example.io.: site gasan ("
                        + sandbox.site("gasan").url())
                .doesNotContain("Exception");
    }
}
