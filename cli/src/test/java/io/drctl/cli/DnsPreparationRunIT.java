package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.Journals;
import io.drctl.engine.ExitCode;
import io.drctl.servers.BindServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The preparation run and the failover as an operator runs them, through the CLI against a real
 * BIND: days before, {@code drctl run prepare.yaml} lowers chat's TTL; on the day the failover's
 * dns.update names that run ({@code ttlLoweredIn}) and waits for the TTL chat had before it. A
 * failover naming a run this state directory does not have stops before touching DNS.
 */
class DnsPreparationRunIT {
    static final String ZONE = "prep.test.";
    static BindServer bind;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        bind = BindServer.primary(ZONE, """
                chat   4 IN A 192.0.2.10
                status 4 IN A 192.0.2.11
                """);
    }

    @AfterAll
    static void stopServer() {
        if (bind != null) {
            bind.close();
        }
    }

    private Path plan(String file, String name, String steps) throws Exception {
        return Files.writeString(dir.resolve(file), """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: %s }
                spec:
                  dns:
                    public:
                      provider: rfc2136
                      zone: %s
                      server: "%s"
                      tsig: { name: drctl., secret: "${env:TSIG_SECRET}" }
                      timeout: 2s
                  steps:
                %s""".formatted(name, ZONE, bind.address(), steps.indent(4)));
    }

    private Path failover(String file, String record, String preparedIn) throws Exception {
        return plan(file, "chat-failover", """
                - id: reroute
                  type: dns.update
                  timeout: 30s
                  with:
                    zone: public
                    records: [ { name: %s, type: A, value: 198.51.100.10 } ]
                    waitForTtl: true
                    ttlLoweredIn: "%s"
                """.formatted(record, preparedIn));
    }

    private static String answer(String name) throws Exception {
        String[] hostPort = bind.address().split(":");
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        r.setTimeout(Duration.ofSeconds(2));
        Message m = r.send(Message.newQuery(
                org.xbill.DNS.Record.newRecord(Name.fromString(name + "." + ZONE), Type.A, DClass.IN)));
        return m.getSection(Section.ANSWER).stream()
                .filter(rr -> rr.getType() == Type.A)
                .map(org.xbill.DNS.Record::rdataToString)
                .findFirst()
                .orElse("none");
    }

    @Test
    void the_failover_waits_for_the_ttl_chat_had_before_the_named_preparation_run_lowered_it() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("TSIG_SECRET", bind.tsigSecret());
        Path prepare = plan("prepare.yaml", "chat-prepare", """
                - id: lower-ttl
                  type: dns.ttl
                  with: { zone: public, records: [ { name: chat, type: A } ], ttl: 1 }
                """);
        CliHarness.Result prepared = drctl.run("run", prepare.toString(), "--reason", "preparing the failover");
        assertThat(prepared.exitCode()).as(prepared.toString()).isEqualTo(ExitCode.SUCCESS.code());
        String preparationRun = Journals.onlyRunId(dir.resolve("state"), Duration.ofSeconds(1));
        Path failover = failover("failover.yaml", "chat", preparationRun);

        CliHarness.Result preview = drctl.run("plan", failover.toString());
        CliHarness.Result run = drctl.run("run", failover.toString(), "--reason", "site A is on fire");

        assertThat(preview.out())
                .as(preview.toString())
                .containsPattern("waitForTtl: will wait \\d+s after the change \\(ttl 4s of "
                        + "chat\\.prep\\.test\\. A, which it had until step lower-ttl of run " + preparationRun
                        + " lowered it at ");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(answer("chat")).isEqualTo("198.51.100.10");
        assertThat(run.out())
                .contains("waitForTtl: step lower-ttl of run " + preparationRun
                        + " lowered chat.prep.test. A from ttl 4s at ")
                .contains(
                        "caches can no longer hold the old answer: waited for ttl 4s of chat.prep.test. A, which it had until "
                                + "step lower-ttl of run " + preparationRun + " lowered it at ");
    }

    @Test
    void a_failover_naming_a_run_this_state_directory_does_not_have_stops_before_touching_dns() throws Exception {
        CliHarness drctl = new CliHarness(dir.resolve("state")).env("TSIG_SECRET", bind.tsigSecret());
        Path failover = failover("failover.yaml", "status", "20261201-093000-7f3a");

        CliHarness.Result preview = drctl.run("plan", failover.toString());
        CliHarness.Result run = drctl.run("run", failover.toString(), "--reason", "site A is on fire");

        String expected = "ttlLoweredIn: there is no run 20261201-093000-7f3a in "
                + dir.resolve("state").resolve("runs");
        assertThat(preview.out() + preview.err()).as(preview.toString()).contains(expected);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.STEP_FAILED.code());
        assertThat(run.out() + run.err())
                .contains(expected)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(answer("status")).isEqualTo("192.0.2.11");
    }
}
