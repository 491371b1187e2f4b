package io.drctl.adapters.kubernetes.state;

import io.drctl.adapters.kubernetes.site.Cluster;
import io.drctl.adapters.kubernetes.site.SiteSettings;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.spi.RestoredRun;
import io.drctl.engine.spi.RunStateReplica;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The run state of one run in the plan's state site: the lease and the journal's mirror. */
final class KubernetesRunState implements RunStateReplica {
    private static final Duration FLUSH_LIMIT = Duration.ofSeconds(5);

    private final StateSettings state;
    private final String plan;
    private final Cluster cluster;
    private LeaseKeeper lease;
    private JournalMirror mirror;

    KubernetesRunState(StateSettings state, SiteSettings site, String plan, Map<String, String> env) {
        this.state = state;
        this.plan = plan;
        this.cluster = new Cluster(site, env);
    }

    @Override
    public String where() {
        return state.describe();
    }

    private KubernetesClient client() {
        try {
            return cluster.client();
        } catch (TargetUnreachableException e) {
            throw new DrctlException(ExitCode.UNREACHABLE, e.getMessage(), e);
        } catch (StepException e) {
            throw new DrctlException(ExitCode.UNREACHABLE, e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> acquire(String runId, String holder, Consumer<String> onLost) {
        KubernetesClient client = client();
        try {
            lease = new LeaseKeeper(client, state.namespace(), plan, where(), state.leaseDuration());
            Optional<String> note = lease.acquire(runId, holder);
            mirror = new JournalMirror(client, state.namespace(), plan, runId);
            mirror.start();
            lease.keepRenewing(runId, onLost);
            return note;
        } catch (KubernetesClientException e) {
            throw new DrctlException(
                    ExitCode.UNREACHABLE,
                    "site " + state.site() + " did not take the lease: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    e);
        }
    }

    @Override
    public void planFrozen(String planText) {
        if (mirror != null) {
            mirror.plan(planText);
        }
    }

    @Override
    public void journalLine(String line) {
        journalLine(line, "");
    }

    @Override
    public void journalLine(String line, String head) {
        if (mirror != null) {
            mirror.line(line, head);
        }
    }

    @Override
    public Optional<RestoredRun> restore(String runId) {
        try {
            return JournalMirror.read(client(), state.namespace(), runId)
                    .map(found -> new RestoredRun(found.journal(), found.plan(), found.head()));
        } catch (KubernetesClientException e) {
            throw new DrctlException(
                    ExitCode.UNREACHABLE,
                    "site " + state.site() + " did not answer while reading run " + runId + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    e);
        }
    }

    @Override
    public void close() {
        try {
            if (mirror != null) {
                mirror.flush(FLUSH_LIMIT);
                mirror.close();
            }
            if (lease != null) {
                lease.close();
            }
        } finally {
            cluster.close();
        }
    }
}
