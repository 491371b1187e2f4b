package io.drctl.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code named -g}) on a free loopback port, in a temporary directory, as user
 * {@code bind}: either the primary of one zone that accepts updates signed with an
 * hmac-sha256 TSIG key, or a caching resolver that forwards that zone to a primary — the
 * cache is what makes convergence take time, as at real resolvers.
 */
public final class BindServer implements AutoCloseable {
    public static final String KEY_NAME = "drctl.";
    private static final Duration START_LIMIT = Duration.ofSeconds(20);

    private final Path dir;
    private final String host;
    private final int port;
    private final String tsigSecret;
    private final ServerProcess process;
    /** The loopback address a secondary listens on, added to lo for it (null when none was needed). */
    private LoopbackAlias alias;

    private BindServer(Path dir, String host, int port, String tsigSecret, ServerProcess process) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.tsigSecret = tsigSecret;
        this.process = process;
    }

    /**
     * The primary of {@code zone} (e.g. {@code example.test.}) holding {@code records} (zone-file
     * lines, names relative to the zone), updatable with {@link #tsigSecret()}. The SOA's negative
     * TTL is 1s, so resolvers forget a missing name at once.
     */
    public static BindServer primary(String zone, String records) {
        return primary(zone, records, 1);
    }

    /**
     * As {@link #primary(String, String)}, with SOA MINIMUM {@code negativeTtl} (and SOA TTL
     * 300): resolvers cache "no such name" for {@code min(300, negativeTtl)} seconds (RFC 2308).
     */
    public static BindServer primary(String zone, String records, long negativeTtl) {
        Path named = ServerBinaries.require("named", "bind9");
        Path dir = TemporaryDirectories.create("drctl-bind-");
        int port = LoopbackPorts.freeTcpAndUdp();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getEncoder().encodeToString(key);
        String zoneName = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
        TemporaryDirectories.write(dir.resolve("zone.db"), """
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 %d
                @ IN NS ns1
                ns1 IN A 127.0.0.1
                """.formatted(negativeTtl) + records + "\n");
        TemporaryDirectories.write(
                dir.resolve("named.conf"),
                options(dir, "127.0.0.1", port, false)
                        + """
                key "%s" { algorithm hmac-sha256; secret "%s"; };
                zone "%s" { type primary; file "%s"; update-policy { grant %s zonesub ANY; }; allow-transfer { 127.0.0.0/8; }; };
                """.formatted(KEY_NAME, secret, zoneName, dir.resolve("zone.db"), KEY_NAME));
        return start(named, dir, "127.0.0.1", port, secret, zone);
    }

    /**
     * A secondary of {@code zone} on loopback address {@code host} (e.g. 127.0.0.2) and the
     * primary's port, so that an NS record pointing at {@code host} reaches it. It transfers the
     * zone at start, then only at the SOA refresh (3600s) or when sent a NOTIFY
     * ({@link #notifyOfChange}): the primary sends none, so after a change it lags — the
     * secondary that a convergence check must see.
     */
    public static BindServer secondary(String zone, BindServer primary, String host) {
        Path named = ServerBinaries.require("named", "bind9");
        Path dir = TemporaryDirectories.create("drctl-secondary-");
        String zoneName = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
        TemporaryDirectories.write(
                dir.resolve("named.conf"),
                options(dir, host, primary.port(), false)
                        + """
                zone "%s" { type secondary; primaries { %s port %d; }; file "%s"; allow-notify { 127.0.0.0/8; }; };
                """.formatted(zoneName, primary.host, primary.port(), dir.resolve("secondary.db")));
        LoopbackAlias alias = LoopbackAlias.ensure(host);
        try {
            BindServer server = start(named, dir, host, primary.port(), null, zone);
            server.alias = alias;
            return server;
        } catch (RuntimeException e) {
            alias.close();
            throw e;
        }
    }

    /** Sends this secondary a NOTIFY for {@code zone}, as a primary does after a change: it transfers the zone at once. */
    public void notifyOfChange(String zone) throws IOException {
        Message notify = new Message();
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        notify.getHeader().setFlag(Flags.AA);
        notify.addRecord(org.xbill.DNS.Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN), Section.QUESTION);
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        r.setTimeout(Duration.ofSeconds(2));
        r.send(notify);
    }

    /** The values this server answers for {@code name} and {@code type} (e.g. {@link Type#A}), in its order; none: empty. */
    public List<String> answers(String name, int type) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        r.setTimeout(Duration.ofSeconds(2));
        Message answer =
                r.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), type, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream()
                .filter(rr -> rr.getType() == type)
                .map(org.xbill.DNS.Record::rdataToString)
                .toList();
    }

    /** The SOA serial this server answers for {@code zone}. */
    public long serial(String zone) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        r.setTimeout(Duration.ofSeconds(2));
        Message answer =
                r.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream()
                .filter(SOARecord.class::isInstance)
                .map(SOARecord.class::cast)
                .findFirst()
                .orElseThrow()
                .getSerial();
    }

    /** A caching resolver that forwards {@code zone} to {@code primary} and remembers answers for their TTL. */
    public static BindServer cachingResolver(String zone, BindServer primary) {
        return cachingResolver(zone, "127.0.0.1", primary.port());
    }

    /** A caching resolver that forwards {@code zone} to the server at 127.0.0.1:{@code port}. */
    public static BindServer cachingResolver(String zone, String host, int targetPort) {
        Path named = ServerBinaries.require("named", "bind9");
        Path dir = TemporaryDirectories.create("drctl-resolver-");
        int port = LoopbackPorts.freeTcpAndUdp();
        String zoneName = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
        TemporaryDirectories.write(
                dir.resolve("named.conf"),
                options(dir, "127.0.0.1", port, true) + """
                zone "%s" { type forward; forward only; forwarders { %s port %d; }; };
                """.formatted(zoneName, host, targetPort));
        return start(named, dir, "127.0.0.1", port, null, zone);
    }

    private static String options(Path dir, String host, int port, boolean recursion) {
        return """
                options {
                  directory "%s";
                  pid-file "%s";
                  session-keyfile "%s";
                  listen-on port %d { %s; };
                  listen-on-v6 { none; };
                  recursion %s;
                  allow-recursion { 127.0.0.0/8; };
                  dnssec-validation no;
                  notify no;
                };
                controls { };
                """.formatted(
                dir, dir.resolve("named.pid"), dir.resolve("session.key"), port, host, recursion ? "yes" : "no");
    }

    private static BindServer start(Path named, Path dir, String host, int port, String secret, String zone) {
        ServerProcess process = null;
        try {
            ServerProcess.handOver(dir, "bind");
            process = ServerProcess.start(
                    "named on " + host + ":" + port,
                    "bind",
                    List.of(
                            named.toString(),
                            "-g",
                            "-4",
                            "-c",
                            dir.resolve("named.conf").toString()),
                    dir.resolve("named.log"));
            BindServer server = new BindServer(dir, host, port, secret, process);
            process.awaitReady(() -> server.answersSoa(zone), START_LIMIT);
            return server;
        } catch (RuntimeException e) {
            // A BIND that did not come up leaves no process and no directory behind (the demo goes on without it).
            if (process != null) {
                process.close();
            }
            TemporaryDirectories.delete(dir);
            throw e;
        }
    }

    private boolean answersSoa(String zone) {
        try {
            SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
            r.setTimeout(Duration.ofMillis(300));
            Message answer = r.send(
                    Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
            return answer.getRcode() == Rcode.NOERROR
                    && answer.getSection(Section.ANSWER).size() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as plans write a server. */
    public String address() {
        return host + ":" + port;
    }

    /** The base64 secret of TSIG key {@value #KEY_NAME} (hmac-sha256); null for a resolver. */
    public String tsigSecret() {
        return tsigSecret;
    }

    public String log() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
        TemporaryDirectories.delete(dir);
        if (alias != null) {
            alias.close();
        }
    }
}
