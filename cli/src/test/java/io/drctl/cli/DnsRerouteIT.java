package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.testing.PowerDnsServer;
import io.drctl.adapters.testing.PowerDnsServer.Rrset;
import io.drctl.adapters.testing.WebhookReceiver;
import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.servers.BindServer;
import io.drctl.servers.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The failover the DNS work exists for, end to end through the CLI: once site B answers, a plan
 * switches chat.&lt;zone&gt; from site A's address to site B's — on a real BIND (RFC 2136 with
 * TSIG) and on a real PowerDNS (its API) — proves with check.dns that the authoritative server
 * and a caching resolver both answer site B, and keeps an incident channel told throughout.
 */
class DnsRerouteIT {
    static final String SITE_A = "192.0.2.10";
    static final String SITE_B = "198.51.100.10";

    static BindServer bind;
    static BindServer bindResolver;
    static PowerDnsServer pdns;
    static BindServer pdnsResolver;
    static WebhookReceiver incidentChannel;
    static ServerSocket siteB;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        bind = BindServer.primary("bind.test.", "chat 2 IN A " + SITE_A + "\n");
        bindResolver = BindServer.cachingResolver("bind.test.", bind);
        pdns = PowerDnsServer.start();
        pdns.createZone("pdns.test.", Rrset.of("chat", "A", 2, SITE_A));
        pdnsResolver = BindServer.cachingResolver("pdns.test.", "127.0.0.1", pdns.dnsPort());
        incidentChannel = WebhookReceiver.start();
        siteB = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // site B's service is up
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {siteB, incidentChannel, pdnsResolver, pdns, bindResolver, bind}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private Path plan(String dnsEntry, String resolver) throws Exception {
        Path plan = dir.resolve("reroute.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: chat-reroute }
                spec:
                  objectives: { rto: 5m }
                  dns:
                    public:
                %s
                  notify:
                    - type: webhook
                      format: slack
                      url: "${env:INCIDENT_WEBHOOK}"
                      events: [run-started, run-finished, step-failed, every-step]
                  steps:
                    - id: site-b-up
                      type: check.tcp
                      with: { host: 127.0.0.1, port: %d, connectTimeout: 1s, interval: 200ms }
                    - id: reroute
                      type: dns.update
                      needs: [site-b-up]
                      with:
                        zone: public
                        records: [ { name: chat, type: A, value: "%s", ttl: 2 } ]
                    - id: prove
                      type: check.dns
                      needs: [reroute]
                      timeout: 30s
                      with: { zone: public, name: chat, expect: "%s", resolvers: ["%s"], interval: 200ms }
                """.formatted(
                        dnsEntry.indent(6).stripTrailing(), siteB.getLocalPort(), SITE_B, SITE_B, resolver));
        return plan;
    }

    private static String answer(String server, String name) throws Exception {
        String[] hostPort = server.split(":");
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        r.setTimeout(Duration.ofSeconds(2));
        Message m = r.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        return m.getSection(Section.ANSWER).stream()
                .filter(rr -> rr.getType() == Type.A)
                .map(org.xbill.DNS.Record::rdataToString)
                .findFirst()
                .orElse("none");
    }

    @Test
    void chat_moves_from_site_a_to_site_b_on_bind_and_resolvers_converge() throws Exception {
        String entry = """
                provider: rfc2136
                zone: bind.test.
                server: "%s"
                tsig: { name: drctl., algorithm: hmac-sha256, secret: "${env:TSIG_SECRET}" }
                timeout: 2s
                """.formatted(bind.address());
        rerouteAndProve(
                plan(entry, bindResolver.address()),
                "bind.test.",
                bind.address(),
                bindResolver.address(),
                Map.of("TSIG_SECRET", bind.tsigSecret()),
                "/bind");
    }

    @Test
    void chat_moves_from_site_a_to_site_b_on_powerdns_and_resolvers_converge() throws Exception {
        String entry = """
                provider: powerdns
                zone: pdns.test.
                apiUrl: %s
                apiKey: "${env:PDNS_API_KEY}"
                nameserver: "%s"
                timeout: 2s
                """.formatted(pdns.apiUrl(), pdns.dnsAddress());
        rerouteAndProve(
                plan(entry, pdnsResolver.address()),
                "pdns.test.",
                pdns.dnsAddress(),
                pdnsResolver.address(),
                Map.of("PDNS_API_KEY", pdns.apiKey()),
                "/pdns");
    }

    private void rerouteAndProve(
            Path plan,
            String zone,
            String authoritative,
            String resolver,
            Map<String, String> secrets,
            String channelPath)
            throws Exception {
        assertThat(answer(resolver, "chat." + zone)).isEqualTo(SITE_A); // the resolver caches site A's address now
        Path state = dir.resolve("state");
        CliHarness drctl = new CliHarness(state).env("INCIDENT_WEBHOOK", incidentChannel.url(channelPath));
        secrets.forEach(drctl::env);

        CliHarness.Result run = drctl.run("run", plan.toString(), "--reason", "site A is on fire");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(answer(authoritative, "chat." + zone)).isEqualTo(SITE_B);
        assertThat(answer(resolver, "chat." + zone)).isEqualTo(SITE_B);
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(1));
        List<RunEvent> events = Journals.read(state, runId).events();
        StepChecked checked = events.stream()
                .filter(StepChecked.class::isInstance)
                .map(StepChecked.class::cast)
                .filter(c -> c.stepId().equals("reroute"))
                .findFirst()
                .orElseThrow();
        assertThat(checked.changes())
                .containsExactly("chat." + zone + " A: " + SITE_A + " (ttl 2) → " + SITE_B + " (ttl 2)");
        Map<String, Object> reroute = succeeded(events, "reroute").outputs();
        assertThat(reroute.get("previous"))
                .isEqualTo(List.of(Map.of("name", "chat." + zone, "type", "A", "ttl", 2, "values", List.of(SITE_A))));
        assertThat(reroute.get("serial")).isInstanceOf(Number.class);
        @SuppressWarnings("unchecked")
        Map<String, Number> converged =
                (Map<String, Number>) succeeded(events, "prove").outputs().get("convergedAfterMs");
        assertThat(converged).containsOnlyKeys(authoritative, resolver);
        assertThat(converged.get(authoritative).longValue())
                .isLessThanOrEqualTo(converged.get(resolver).longValue());

        List<String> told = incidentChannel.received(channelPath).stream()
                .map(r -> r.json().path("text").asText().lines().findFirst().orElse(""))
                .toList();
        assertThat(told).hasSize(5);
        assertThat(told.get(0)).isEqualTo("Run started: plan chat-reroute (failover)");
        assertThat(told.subList(1, 4))
                .allSatisfy(t -> assertThat(t)
                        .matches(
                                "Step (site-b-up|reroute|prove) succeeded: plan chat-reroute \\(failover\\) after .+"));
        assertThat(told.get(4)).startsWith("Run succeeded: plan chat-reroute (failover) after ");
        String everything = run.out() + run.err() + Files.readString(Journals.journalFile(state, runId));
        secrets.values().forEach(secret -> assertThat(everything).doesNotContain(secret));

        CliHarness.Result again = drctl.run("run", plan.toString(), "--reason", "re-run is harmless");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(again.out()).contains("chat." + zone + " A already " + SITE_B + " (ttl 2)");
    }

    @Test
    void a_wrong_tsig_key_stops_the_run_with_exit_3_after_one_attempt_despite_retries() throws Exception {
        String entry = """
                provider: rfc2136
                zone: bind.test.
                server: "%s"
                tsig: { name: drctl., secret: "${env:TSIG_SECRET}" }
                """.formatted(bind.address());
        Path plan = Files.writeString(
                dir.resolve("wrong-key.yaml"),
                Files.readString(plan(entry, bindResolver.address()))
                        .replace(
                                "      needs: [site-b-up]\n",
                                "      needs: [site-b-up]\n      retry: { attempts: 3 }\n"));
        Path state = dir.resolve("state");
        CliHarness drctl = new CliHarness(state)
                .env("INCIDENT_WEBHOOK", incidentChannel.url("/wrong-key"))
                .env("TSIG_SECRET", java.util.Base64.getEncoder().encodeToString(new byte[32]));

        CliHarness.Result run = drctl.run("run", plan.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(run.out())
                .contains(
                        "reading chat.bind.test. A in zone bind.test. from " + bind.address()
                                + " failed: NOTAUTH/BADSIG, the server rejected the signature of TSIG key drctl. (wrong secret or algorithm); not retried");
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(1));
        assertThat(Journals.read(state, runId).events())
                .filteredOn(
                        e -> e instanceof RunEvent.StepStarted s && s.stepId().equals("reroute"))
                .hasSize(1);
        assertThat(incidentChannel.received("/wrong-key"))
                .extracting(
                        r -> r.json().path("text").asText().lines().findFirst().orElse(""))
                .anySatisfy(t -> assertThat(t).startsWith("Step reroute BLOCKED: plan chat-reroute (failover) after "))
                .anySatisfy(t ->
                        assertThat(t).startsWith("Run BLOCKED by a safety gate: plan chat-reroute (failover) after "));
    }

    @Test
    void a_dns_server_that_does_not_answer_is_retried_and_ends_the_run_unreachable() throws Exception {
        String entry = """
                provider: rfc2136
                zone: bind.test.
                server: "127.0.0.1:%d"
                timeout: 500ms
                """.formatted(LoopbackPorts.freeTcpAndUdp());
        Path plan = Files.writeString(
                dir.resolve("dead.yaml"),
                Files.readString(plan(entry, bindResolver.address()))
                        .replace(
                                "      needs: [site-b-up]\n",
                                "      needs: [site-b-up]\n      retry: { attempts: 2, backoff: { type: fixed, initial: 100ms } }\n"));
        Path state = dir.resolve("state");
        CliHarness drctl = new CliHarness(state).env("INCIDENT_WEBHOOK", incidentChannel.url("/dead"));
        long start = System.nanoTime();

        CliHarness.Result run = drctl.run("run", plan.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        String runId = Journals.onlyRunId(state, Duration.ofSeconds(1));
        assertThat(Journals.read(state, runId).events())
                .filteredOn(
                        e -> e instanceof RunEvent.StepStarted s && s.stepId().equals("reroute"))
                .hasSize(2);
    }

    private static StepSucceeded succeeded(List<RunEvent> events, String step) {
        return events.stream()
                .filter(StepSucceeded.class::isInstance)
                .map(StepSucceeded.class::cast)
                .filter(s -> s.stepId().equals(step))
                .findFirst()
                .orElseThrow(() -> new AssertionError(step + " did not succeed"));
    }
}
