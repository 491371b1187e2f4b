package io.drctl.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The writes one controller tick decided on, sent two at a time: 500 Deployments scaled up are
 * 1,000 pod creations and 1,000 status writes. ReplicaSets resized go first,
 * then pods (created,
 * deleted, bound, confirmed gone), then statuses, so no status claims a pod the site does not
 * have yet. A write that fails is left to the next tick, which sees the site afresh.
 */
final class TickWrites {
    /**
     * Writes in flight at once. They go to the store in-process, with no round trip to hide: more
     * than the machine's two cores would only queue on the store's lock ahead of the clients'
     * requests, which a site's own controllers must not starve.
     */
    private static final int IN_FLIGHT = 2;

    private final List<Runnable> workloads = new ArrayList<>();
    private final List<Runnable> pods = new ArrayList<>();
    private final List<Runnable> statuses = new ArrayList<>();

    /** A ReplicaSet resized by its Deployment: sent before the pods, which follow from it. */
    void workload(Runnable write) {
        workloads.add(write);
    }

    void pod(Runnable write) {
        pods.add(write);
    }

    void status(Runnable write) {
        statuses.add(write);
    }

    int size() {
        return workloads.size() + pods.size() + statuses.size();
    }

    /** Sends every write of the tick and returns when all have been answered. */
    void flush() {
        try {
            send(workloads);
            send(pods);
            send(statuses);
        } finally {
            workloads.clear();
            pods.clear();
            statuses.clear();
        }
    }

    private static void send(List<Runnable> writes) {
        if (writes.isEmpty()) {
            return;
        }
        if (writes.size() == 1) {
            quietly(writes.getFirst());
            return;
        }
        Semaphore slots = new Semaphore(IN_FLIGHT);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Runnable w : writes) {
                slots.acquireUninterruptibly();
                executor.execute(() -> {
                    try {
                        quietly(w);
                    } finally {
                        slots.release();
                    }
                });
            }
        } // close() waits for every write
    }

    private static void quietly(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            // a step changed the object meanwhile, or the site is stopping: the next tick tries again
        }
    }
}
