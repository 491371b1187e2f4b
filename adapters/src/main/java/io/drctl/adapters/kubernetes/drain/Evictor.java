package io.drctl.adapters.kubernetes.drain;

import io.drctl.adapters.kubernetes.site.ApiFailures;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evicts pods through the Eviction API, at most {@code parallelism} requests at a time, each pod
 * on its own: a 429 means a PodDisruptionBudget does not allow that eviction yet, and that pod is
 * tried again every {@code retryEvery} until the step's deadline (as {@code kubectl drain} does)
 * without holding up the others, since it gives its slot back while it waits. 5xx answers are
 * tried again with a growing pause; 403 fails at once, saying which permission is missing. A
 * pod that is already gone counts as evicted. Every request names the pod's UID as a
 * precondition, so a new pod that took the old one's name (a StatefulSet's) is never evicted in
 * its place. {@code disableEviction} deletes pods instead (no budget is consulted), for clusters
 * without the Eviction API, as {@code kubectl drain --disable-eviction}.
 */
public final class Evictor {
    private static final Duration SERVER_ERROR_PAUSE = Duration.ofMillis(500);
    private static final Duration SERVER_ERROR_PAUSE_MAX = Duration.ofSeconds(8);

    private final KubernetesClient client;
    private final String site;
    private final int parallelism;
    private final Optional<Duration> gracePeriod;
    private final Duration retryEvery;
    private final boolean disableEviction;

    public Evictor(
            KubernetesClient client,
            String site,
            int parallelism,
            Optional<Duration> gracePeriod,
            Duration retryEvery,
            boolean disableEviction) {
        this.client = client;
        this.site = site;
        this.parallelism = parallelism;
        this.gracePeriod = gracePeriod;
        this.retryEvery = retryEvery;
        this.disableEviction = disableEviction;
    }

    public void evictAll(StepContext ctx, List<PodVerdict> pods) throws StepException, InterruptedException {
        Semaphore slots = new Semaphore(parallelism);
        AtomicInteger done = new AtomicInteger();
        List<Future<Void>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PodVerdict p : pods) {
                futures.add(pool.submit(() -> {
                    evictOne(ctx, p, slots);
                    ctx.progress((disableEviction ? "deleted " : "evicted ") + p.display() + " ("
                            + done.incrementAndGet() + "/" + pods.size() + ")");
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
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

    /** One pod, until it is evicted or gone; holds a slot only while a request is under way. */
    private void evictOne(StepContext ctx, PodVerdict p, Semaphore slots) throws StepException, InterruptedException {
        boolean toldBudget = false;
        Duration serverErrorPause = SERVER_ERROR_PAUSE;
        while (true) {
            Answer answer;
            slots.acquire();
            try {
                answer = request(p);
            } finally {
                slots.release();
            }
            Duration pause;
            switch (answer) {
                case Answer.Done done -> {
                    return;
                }
                case Answer.Budget budget -> {
                    if (!toldBudget) {
                        ctx.progress("waiting: evicting " + p.display()
                                + " would violate its PodDisruptionBudget (429); retrying");
                        toldBudget = true;
                    }
                    pause = retryEvery;
                }
                case Answer.ServerError error -> {
                    ctx.progress("site " + site + " answered " + error.code() + " to evicting " + p.display() + " ("
                            + error.reason() + "); trying again in " + serverErrorPause.toMillis() + " ms");
                    pause = serverErrorPause;
                    serverErrorPause = min(serverErrorPause.multipliedBy(2), SERVER_ERROR_PAUSE_MAX);
                }
            }
            if (ctx.clock().now().plus(pause).plusMillis(300).isAfter(ctx.deadline())) {
                throw new StepFailedException(
                        "site " + site + ": " + p.display() + " could not be evicted before the deadline: "
                                + (answer instanceof Answer.ServerError e
                                        ? "the API server kept answering " + e.code() + " (" + e.reason() + ")"
                                        : "its PodDisruptionBudget never allowed it"));
            }
            ctx.clock().sleep(pause);
        }
    }

    private sealed interface Answer {
        record Done() implements Answer {}

        record Budget() implements Answer {}

        record ServerError(int code, String reason) implements Answer {}
    }

    private Answer request(PodVerdict p) throws StepException {
        String ns = p.pod().getMetadata().getNamespace();
        String name = p.pod().getMetadata().getName();
        DeleteOptions options = deleteOptions(p);
        try {
            if (disableEviction) {
                client.pods()
                        .inNamespace(ns)
                        .withName(name)
                        .withGracePeriod(gracePeriodSeconds(p))
                        .delete();
                return new Answer.Done();
            }
            Eviction body = new EvictionBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .endMetadata()
                    .withDeleteOptions(options)
                    .build();
            return client.pods().inNamespace(ns).withName(name).evict(body) ? new Answer.Done() : new Answer.Budget();
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            if (code == 404 || (code == 409 && p.pod().getMetadata().getUid() != null)) {
                return new Answer.Done(); // gone already, or the name is a new pod's now (UID precondition failed)
            }
            if (code == 403 || code == 401) {
                throw new StepFailedException("site " + site + ": " + (disableEviction ? "deleting " : "evicting ")
                        + p.display()
                        + " is forbidden (" + code + "): the kubeconfig's account needs "
                        + (disableEviction ? "'delete' on pods" : "'create' on pods/eviction") + " in namespace " + ns);
            }
            if (code >= 500) {
                return new Answer.ServerError(code, reason(e));
            }
            throw ApiFailures.translateWrite(site, (disableEviction ? "deleting " : "evicting ") + p.display(), e);
        } catch (RuntimeException e) {
            throw ApiFailures.translateWrite(site, (disableEviction ? "deleting " : "evicting ") + p.display(), e);
        }
    }

    private DeleteOptions deleteOptions(PodVerdict p) {
        DeleteOptionsBuilder options = new DeleteOptionsBuilder();
        String uid = p.pod().getMetadata().getUid();
        if (uid != null) {
            options.withNewPreconditions().withUid(uid).endPreconditions();
        }
        gracePeriod.ifPresent(g -> options.withGracePeriodSeconds(g.toSeconds()));
        return options.build();
    }

    private long gracePeriodSeconds(PodVerdict p) {
        Long own = p.pod().getSpec() == null ? null : p.pod().getSpec().getTerminationGracePeriodSeconds();
        return gracePeriod.map(Duration::toSeconds).orElse(own == null ? 30L : own);
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
