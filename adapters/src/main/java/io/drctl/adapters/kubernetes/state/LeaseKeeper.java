package io.drctl.adapters.kubernetes.state;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A coordination.k8s.io Lease named after the plan, held for a run and renewed every third of
 * its duration on a thread of its own (steps never wait for it). Writes use the lease's
 * resourceVersion, so two machines racing for it cannot both win. Expiry is judged by this
 * machine's clock against the holder's last renewTime, as Kubernetes leader election does; keep
 * clocks in sync (NTP) and leaseDuration well above any skew.
 */
final class LeaseKeeper implements AutoCloseable {
    static final String RUN_ANNOTATION = "drctl.io/run";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String where;
    private final Duration duration;
    private volatile String holder;
    private volatile Instant lastRenewed;
    private volatile Thread renewer;
    private volatile boolean lost;

    LeaseKeeper(KubernetesClient client, String namespace, String planName, String where, Duration duration) {
        this.client = client;
        this.namespace = namespace;
        this.name = "drctl-plan-" + planName;
        this.where = where;
        this.duration = duration;
    }

    String name() {
        return name;
    }

    /** Takes the lease or throws LOCKED naming the live holder; returns a note when an expired holder was taken over. */
    Optional<String> acquire(String runId, String holderText) {
        this.holder = holderText;
        Instant now = Instant.now();
        Lease existing = client.leases().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            try {
                client.leases()
                        .inNamespace(namespace)
                        .resource(lease(null, runId, now, now, 0))
                        .create();
                lastRenewed = now;
                return Optional.empty();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = client.leases().inNamespace(namespace).withName(name).get();
                if (existing == null) {
                    throw locked("another run", "took the lease just now");
                }
            }
        }
        String current = existing.getSpec() == null ? null : existing.getSpec().getHolderIdentity();
        Instant renewed = renewTime(existing);
        boolean live = current != null
                && !current.isBlank()
                && renewed.plus(durationOf(existing)).isAfter(now);
        boolean mine = holderText.equals(current);
        if (live && !mine) {
            throw locked(
                    current,
                    "renewed " + age(Duration.between(renewed, now)) + " ago, valid for "
                            + age(Duration.between(now, renewed.plus(durationOf(existing)))) + " more");
        }
        int transitions = existing.getSpec() == null || existing.getSpec().getLeaseTransitions() == null
                ? 0
                : existing.getSpec().getLeaseTransitions();
        Lease taken = lease(
                existing.getMetadata().getResourceVersion(),
                runId,
                mine ? acquireTime(existing, now) : now,
                now,
                mine ? transitions : transitions + 1);
        try {
            client.leases().inNamespace(namespace).resource(taken).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw locked("another run", "took the lease just now");
            }
            throw e;
        }
        lastRenewed = now;
        if (current != null && !current.isBlank() && !mine) {
            return Optional.of("took over the expired lease " + name + " in " + where + " from " + current
                    + " (last renewed " + renewed + ", " + age(Duration.between(renewed, now)) + " ago)");
        }
        return Optional.empty();
    }

    /** Renews every third of the duration until closed; {@code onLost} is told once when the lease is gone for good. */
    void keepRenewing(String runId, Consumer<String> onLost) {
        renewer = Thread.ofVirtual().name("drctl-lease-" + name).start(() -> {
            Duration every = duration.dividedBy(3);
            while (!lost) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                renewOnce(runId).ifPresent(why -> {
                    lost = true;
                    onLost.accept(why);
                });
            }
        });
    }

    /** Empty when renewed (or when a passing failure leaves time); otherwise why the lease is lost. */
    Optional<String> renewOnce(String runId) {
        Instant now = Instant.now();
        try {
            Lease l = client.leases().inNamespace(namespace).withName(name).get();
            if (l == null) {
                return Optional.of("lease " + name + " in " + where + " was deleted");
            }
            String current = l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
            if (!holder.equals(current)) {
                return Optional.of(
                        current == null
                                ? "lease " + name + " in " + where + " was released by someone else"
                                : "lease " + name + " in " + where + " is now held by " + current);
            }
            l.getSpec().setRenewTime(zoned(now));
            client.leases().inNamespace(namespace).resource(l).update();
            lastRenewed = now;
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (lastRenewed.plus(duration).isBefore(Instant.now())) {
                return Optional.of("could not renew lease " + name + " in " + where + " for " + age(duration) + " ("
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
            }
            return Optional.empty(); // try again at the next renewal
        }
    }

    private Lease lease(String resourceVersion, String runId, Instant acquired, Instant renewed, int transitions) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .addToLabels("app.kubernetes.io/managed-by", "drctl")
                .addToAnnotations(RUN_ANNOTATION, runId)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds((int) Math.max(1, duration.toSeconds()))
                .withAcquireTime(zoned(acquired))
                .withRenewTime(zoned(renewed))
                .withLeaseTransitions(transitions)
                .endSpec()
                .build();
    }

    private static Instant acquireTime(Lease l, Instant fallback) {
        return l.getSpec() != null && l.getSpec().getAcquireTime() != null
                ? l.getSpec().getAcquireTime().toInstant()
                : fallback;
    }

    private static Instant renewTime(Lease l) {
        return l.getSpec() != null && l.getSpec().getRenewTime() != null
                ? l.getSpec().getRenewTime().toInstant()
                : Instant.EPOCH;
    }

    private static ZonedDateTime zoned(Instant i) {
        return i.atZone(ZoneOffset.UTC);
    }

    private static Duration durationOf(Lease l) {
        Integer s = l.getSpec() == null ? null : l.getSpec().getLeaseDurationSeconds();
        return Duration.ofSeconds(s == null ? 0 : s);
    }

    private DrctlException locked(String who, String detail) {
        return new DrctlException(
                ExitCode.LOCKED,
                "the plan's lease " + name + " in " + where + " is held by " + who + " (" + detail
                        + "); wait for that run to finish, or stop it");
    }

    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : (s / 3600) + "h";
    }

    /** Stops renewing and gives the lease up if it is still ours. */
    @Override
    public void close() {
        Thread r = renewer;
        if (r != null) {
            r.interrupt();
        }
        if (lost || holder == null) {
            return;
        }
        try {
            Lease l = client.leases().inNamespace(namespace).withName(name).get();
            if (l != null && l.getSpec() != null && holder.equals(l.getSpec().getHolderIdentity())) {
                client.leases().inNamespace(namespace).resource(l).delete();
            }
        } catch (KubernetesClientException e) {
            // the lease expires by itself: the next run takes it over and records that
        }
    }
}
