package io.drctl.adapters.kubernetes.drain;

import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evicts pods through the Eviction API, a bounded number at a time. A 429 means a
 * PodDisruptionBudget does not allow it yet: that pod is tried again every {@code retryEvery}
 * until the step's deadline, as {@code kubectl drain} does; a pod that is already gone counts as
 * evicted.
 */
public final class Evictor {
    private final KubernetesClient client;
    private final String site;
    private final int parallelism;
    private final Optional<Duration> gracePeriod;
    private final Duration retryEvery;

    public Evictor(KubernetesClient client, String site, int parallelism, Optional<Duration> gracePeriod, Duration retryEvery) {
        this.client = client;
        this.site = site;
        this.parallelism = parallelism;
        this.gracePeriod = gracePeriod;
        this.retryEvery = retryEvery;
    }

    public void evictAll(StepContext ctx, List<PodVerdict> pods) throws StepException, InterruptedException {
        Semaphore slots = new Semaphore(parallelism);
        AtomicInteger done = new AtomicInteger();
        List<Future<Void>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PodVerdict p : pods) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        evictOne(ctx, p);
                        ctx.progress("evicted " + p.display() + " (" + done.incrementAndGet() + "/" + pods.size() + ")");
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof StepException se) {
                        throw se;
                    }
                    throw new StepFailedException("evicting pods failed: " + e.getCause());
                } catch (InterruptedException e) {
                    futures.forEach(x -> x.cancel(true));
                    throw e;
                }
            }
        }
    }

    private void evictOne(StepContext ctx, PodVerdict p) throws StepException, InterruptedException {
        String ns = p.pod().getMetadata().getNamespace();
        String name = p.pod().getMetadata().getName();
        var eviction = new EvictionBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata();
        gracePeriod.ifPresent(g -> eviction.withDeleteOptions(new DeleteOptionsBuilder().withGracePeriodSeconds(g.toSeconds()).build()));
        Eviction body = eviction.build();
        boolean reported = false;
        while (true) {
            boolean evicted;
            try {
                evicted = client.pods().inNamespace(ns).withName(name).evict(body);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return; // gone already
                }
                throw ApiFailures.translate(site, "evicting " + p.display(), e);
            }
            if (evicted) {
                return;
            }
            if (!reported) {
                ctx.progress("waiting: evicting " + p.display() + " would violate its PodDisruptionBudget (429); retrying");
                reported = true;
            }
            if (Instant.now().plus(retryEvery).plusMillis(300).isAfter(ctx.deadline())) {
                throw new StepFailedException("site " + site + ": " + p.display()
                        + " could not be evicted before the deadline: its PodDisruptionBudget never allowed it");
            }
            Thread.sleep(retryEvery);
        }
    }
}
