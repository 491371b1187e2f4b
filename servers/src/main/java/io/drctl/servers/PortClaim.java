package io.drctl.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A well-known loopback port (the demo's 15432, say) held for one drctl process until it closes
 * the claim. A port that is free a moment ago is not enough: two demos started together both saw
 * 15432 free, and the second one's PostgreSQL then "started" on the first one's server. The
 * claim is a lock on {@code drctl-port-N.lock} in the temporary directory, which the operating
 * system releases when the process ends however it ends, so a killed demo leaves nothing stale.
 * A port another process claimed, or that something else listens on, gives way to a free one.
 */
public final class PortClaim implements AutoCloseable {
    private final int port;
    private final FileChannel channel;
    private final FileLock lock;

    private PortClaim(int port, FileChannel channel, FileLock lock) {
        this.port = port;
        this.channel = channel;
        this.lock = lock;
    }

    /** {@code preferred} when no other drctl process claimed it and nothing listens there; else a free port. */
    public static PortClaim preferring(int preferred) {
        PortClaim claim = tryClaim(preferred);
        if (claim != null) {
            if (listenable(preferred)) {
                return claim;
            }
            claim.close();
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            claim = tryClaim(LoopbackPorts.free());
            if (claim != null) {
                return claim;
            }
        }
        throw new IllegalStateException("found no free loopback port that no other drctl process claimed");
    }

    public int port() {
        return port;
    }

    private static PortClaim tryClaim(int port) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "drctl-port-" + port + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new PortClaim(port, channel, lock);
            }
        } catch (OverlappingFileLockException claimedHere) {
            // this process holds it already (another demo in the same JVM)
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim loopback port " + port + " through " + file, e);
        }
        closeQuietly(channel);
        return null;
    }

    private static boolean listenable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.isBound();
        } catch (IOException taken) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held through it
        }
    }

    /** Lets the port go; the lock file stays (deleting it would race with a process locking it). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "loopback port " + port;
    }
}
