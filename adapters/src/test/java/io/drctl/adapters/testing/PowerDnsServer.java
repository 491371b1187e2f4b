package io.drctl.adapters.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.servers.LoopbackPorts;
import io.drctl.servers.ServerBinaries;
import io.drctl.servers.ServerProcess;
import io.drctl.servers.TemporaryDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PowerDNS authoritative server ({@code pdns_server}, sqlite3 backend) on free loopback
 * ports, run as user {@code pdns} with its HTTP API on, in a temporary directory. Its caches
 * are off, so what the API sets is what DNS answers at once.
 */
public final class PowerDnsServer implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMA = Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql");

    private final Path dir;
    private final int dnsPort;
    private final int apiPort;
    private final String apiKey;
    private final ServerProcess process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PowerDnsServer(Path dir, int dnsPort, int apiPort, String apiKey, ServerProcess process) {
        this.dir = dir;
        this.dnsPort = dnsPort;
        this.apiPort = apiPort;
        this.apiKey = apiKey;
        this.process = process;
    }

    public static PowerDnsServer start() {
        Path pdns = ServerBinaries.require("pdns_server", "pdns-server");
        Path sqlite = ServerBinaries.require("sqlite3", "sqlite3");
        if (!SCHEMA.toFile().exists()) {
            throw new IllegalStateException(SCHEMA + " is missing: install the Debian package pdns-backend-sqlite3");
        }
        Path dir = TemporaryDirectories.create("drctl-pdns-");
        Path db = dir.resolve("pdns.sqlite3");
        createDatabase(sqlite, db, dir);
        int dnsPort = LoopbackPorts.freeTcpAndUdp();
        int apiPort = LoopbackPorts.free();
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String apiKey = HexFormat.of().formatHex(key);
        TemporaryDirectories.write(dir.resolve("pdns.conf"), """
                launch=gsqlite3
                gsqlite3-database=%s
                local-address=127.0.0.1:%d
                api=yes
                api-key=%s
                webserver=yes
                webserver-address=127.0.0.1
                webserver-port=%d
                webserver-allow-from=127.0.0.0/8
                guardian=no
                daemon=no
                socket-dir=%s
                cache-ttl=0
                negquery-cache-ttl=0
                query-cache-ttl=0
                disable-syslog=yes
                loglevel=4
                """.formatted(db, dnsPort, apiKey, apiPort, dir));
        ServerProcess.handOver(dir, "pdns");
        ServerProcess process = ServerProcess.start(
                "pdns_server on port " + dnsPort,
                "pdns",
                List.of(pdns.toString(), "--config-dir=" + dir),
                dir.resolve("pdns.log"));
        PowerDnsServer server = new PowerDnsServer(dir, dnsPort, apiPort, apiKey, process);
        process.awaitReady(server::apiAnswers, START_LIMIT);
        return server;
    }

    private static void createDatabase(Path sqlite, Path db, Path dir) {
        try {
            Process p = new ProcessBuilder(sqlite.toString(), db.toString())
                    .redirectInput(SCHEMA.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sqlite.log").toFile())
                    .start();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sqlite3 could not create the PowerDNS schema in " + db);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run sqlite3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the PowerDNS database");
        }
    }

    private boolean apiAnswers() {
        try {
            return send("GET", "/api/v1/servers/localhost", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** A record for {@link #createZone}: name relative to the zone or absolute, content in zone-file syntax. */
    public record Rrset(String name, String type, long ttl, List<String> contents) {
        public static Rrset of(String name, String type, long ttl, String... contents) {
            return new Rrset(name, type, ttl, List.of(contents));
        }
    }

    /** Creates a native zone (SOA-EDIT-API DEFAULT: each change through the API bumps the serial). */
    /** Creates {@code zone} with NS ns1.&lt;zone&gt; (address 127.0.0.1, the DNS port of this server) and {@code rrsets}. */
    public void createZone(String zone, Rrset... rrsets) {
        ObjectNode body = JSON.createObjectNode().put("name", zone).put("kind", "Native");
        body.putArray("nameservers").add("ns1." + zone);
        ArrayNode sets = body.putArray("rrsets");
        // The zone's NS must resolve, as in any working zone: check.dns asks every server of the NS set.
        sets.addObject()
                .put("name", "ns1." + zone)
                .put("type", "A")
                .put("ttl", 300)
                .putArray("records")
                .addObject()
                .put("content", "127.0.0.1")
                .put("disabled", false);
        for (Rrset r : rrsets) {
            ObjectNode set = sets.addObject()
                    .put("name", r.name().endsWith(".") ? r.name() : r.name() + "." + zone)
                    .put("type", r.type())
                    .put("ttl", r.ttl());
            ArrayNode records = set.putArray("records");
            r.contents().forEach(c -> records.addObject().put("content", c).put("disabled", false));
        }
        try {
            HttpResponse<String> response = send("POST", "/api/v1/servers/localhost/zones", body.toString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("PowerDNS did not create zone " + zone + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the PowerDNS API: " + e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("X-API-Key", apiKey)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code http://127.0.0.1:port}: what a plan's {@code apiUrl} says. */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public String apiKey() {
        return apiKey;
    }

    public int dnsPort() {
        return dnsPort;
    }

    /** {@code 127.0.0.1:port} where it answers DNS: what a plan's {@code nameserver} says. */
    public String dnsAddress() {
        return "127.0.0.1:" + dnsPort;
    }

    public String log() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
        http.shutdownNow();
        TemporaryDirectories.delete(dir);
    }
}
