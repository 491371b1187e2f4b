package io.drctl.adapters.kubernetes;

import io.drctl.adapters.kubernetes.select.Workload;
import io.drctl.adapters.kubernetes.select.Workloads;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Polls workloads until each is rolled out, reporting {@code 3/6 ready} as it goes; fails just
 * before the step's deadline naming the workloads that are not there yet and how far they got.
 */
final class RolloutWaiter {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MARGIN = Duration.ofMillis(300);

    private RolloutWaiter() {}

    /** {@code wanted}: the workloads (as found earlier) and, per workload, what done means. */
    static void await(
            StepContext ctx, KubernetesClient client, String site, List<Workload> wanted, Predicate<Workload> done)
            throws StepException, InterruptedException {
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, Duration.ofSeconds(1));
        while (true) {
            List<String> pending = new ArrayList<>();
            int readyTotal = 0;
            int desiredTotal = 0;
            Map<String, Workload> current = Workloads.current(client, site, wanted);
            for (Workload w : wanted) {
                Workload now = current.get(w.key());
                if (now == null) {
                    throw new StepFailedException("site " + site + ": " + w.display() + " is gone");
                }
                if (now.rollout().stalled().isPresent()) {
                    progress.flush();
                    throw new StepFailedException(
                            "site " + site + ": " + now.display() + " exceeded its progress deadline ("
                                    + now.rollout().stalled().get() + "; "
                                    + now.rollout().describe() + "); waiting longer will not help");
                }
                readyTotal += now.rollout().ready();
                desiredTotal += now.rollout().desired();
                if (!done.test(now)) {
                    pending.add(now.display() + " " + now.rollout().describe());
                }
            }
            if (pending.isEmpty()) {
                progress.offer(readyTotal + "/" + desiredTotal + " ready");
                progress.flush();
                return;
            }
            progress.offer(readyTotal + "/" + desiredTotal + " ready; waiting for " + some(pending, 5));
            if (Instant.now().plus(POLL).plus(MARGIN).isAfter(ctx.deadline())) {
                progress.flush();
                throw new StepFailedException(
                        "site " + site + ": not rolled out before the deadline: " + some(pending, 20));
            }
            Thread.sleep(POLL);
        }
    }

    /** The first {@code n} of {@code items} and how many more: a line stays readable at 5,000 workloads. */
    static String some(List<String> items, int n) {
        return items.size() <= n
                ? String.join(", ", items)
                : String.join(", ", items.subList(0, n)) + " and " + (items.size() - n) + " more";
    }
}
