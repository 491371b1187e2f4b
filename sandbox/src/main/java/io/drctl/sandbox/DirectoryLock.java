package io.drctl.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS lock on a sandbox's directory, held while the sandbox runs: a second sandbox pointed at
 * the same directory is refused instead of overwriting the first one's kubeconfig. The OS drops
 * the lock when the process dies, so a crashed sandbox never blocks the next.
 */
final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock take(Path directory) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(
                    directory.resolve("sandbox.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalArgumentException("another sandbox is running in " + directory + " (its kubeconfig is "
                        + directory.resolve("kubeconfig") + "); stop it, or give this one another directory (--dir)");
            }
            return new DirectoryLock(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the lock failure is what matters
            }
            throw new UncheckedIOException("cannot lock the sandbox directory " + directory, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is stopping the sandbox; the OS drops the lock with the process anyway
        }
    }
}
