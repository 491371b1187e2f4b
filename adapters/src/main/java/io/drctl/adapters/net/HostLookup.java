package io.drctl.adapters.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks up a host name within a time limit. The system resolver has timeouts of its own that can
 * run to many seconds when the resolver is gone — exactly on the day drctl is for — so the
 * lookup runs on a virtual thread of its own that is left behind (not waited for) if it overruns.
 */
public final class HostLookup {
    private HostLookup() {}

    public static InetAddress resolve(String host, Duration timeout)
            throws UnknownHostException, TimeoutException, InterruptedException {
        CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("lookup-" + host).start(() -> {
            try {
                lookup.complete(InetAddress.getByName(host));
            } catch (Throwable t) {
                lookup.completeExceptionally(t);
            }
        });
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            UnknownHostException failed =
                    new UnknownHostException(host + ": " + e.getCause().getMessage());
            failed.initCause(e.getCause());
            throw failed;
        }
    }
}
