package io.drctl.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second loopback address (e.g. 127.0.0.2) on the {@code lo} interface, for servers that must
 * share a port on different addresses (a zone's NS set names addresses, not ports). Linux routes
 * all of 127.0.0.0/8 to {@code lo}, but BIND listens only on addresses an interface carries, so
 * the address is added ({@code ip addr add 127.0.0.2/32 dev lo}, as root) and removed on close
 * if this added it. Traffic stays on loopback.
 */
public final class LoopbackAlias implements AutoCloseable {
    private final String address;
    private final boolean added;

    private LoopbackAlias(String address, boolean added) {
        this.address = address;
        this.added = added;
    }

    public static LoopbackAlias ensure(String address) {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException(address + " is not a loopback address");
        }
        Path ip = ServerBinaries.require("ip", "iproute2");
        if (run(List.of(ip.toString(), "-4", "addr", "show", "dev", "lo")).contains("inet " + address + "/")) {
            return new LoopbackAlias(address, false);
        }
        run(List.of(ip.toString(), "addr", "add", address + "/32", "dev", "lo"));
        return new LoopbackAlias(address, true);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (needs root): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (added) {
            run(List.of(
                    ServerBinaries.require("ip", "iproute2").toString(), "addr", "del", address + "/32", "dev", "lo"));
        }
    }
}
