package io.drctl.engine.spi;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.secret.Redactor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** What a step sees while it runs. */
public interface StepContext {

    RunInfo run();

    Plan plan();

    StepDefinition definition();

    /** The step's {@code with}, with secret references resolved on access. */
    Params params();

    /**
     * Other values of the plan, read like {@link #params()}: e.g. an entry of a spec section
     * ({@code spec.dns.public}) whose secret references (a TSIG key, an API key) resolve only
     * when read, registered with the redactor like every other secret.
     */
    default Params paramsOf(Map<String, Object> values) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot resolve plan values");
    }

    /** Reports progress ({@code 3/6 ready}); shown live and journaled. */
    void progress(String message);

    /** Records an output of this step (journaled with its success; later steps can read it). */
    void output(String key, Object value);

    /** The outputs a completed step recorded, in this run (including before a resume). */
    Map<String, Object> outputsOf(String stepId);

    Approvals approvals();

    /** Everything a step prints or records passes through this; register extra secrets here. */
    Redactor redactor();

    /** When the current attempt runs out of time, on {@link #clock()}. */
    Instant deadline();

    /** The clock to read and pause by; the system's in a run, one moved by hand in unit tests. */
    default StepClock clock() {
        return StepClock.SYSTEM;
    }

    /** A directory of this run where the step may keep files. */
    Path runDirectory();

    /**
     * An object shared by all steps of this run (or preview) under {@code key}, created on first
     * use: e.g. one Kubernetes client per site, or a site's reachability found once per run.
     * Values that are {@link AutoCloseable} are closed when the run ends.
     */
    <T> T shared(String key, Supplier<T> create);

    /**
     * True while {@code drctl plan} previews the plan: only checks run, no earlier step has run,
     * so a guard that depends on one (a fence, an approval) says what will happen instead of
     * blocking. False in a run.
     */
    default boolean preview() {
        return false;
    }

    /**
     * The environment the run's secret references resolve against, e.g. {@code KUBECONFIG}
     * (the CLI puts {@code --kubeconfig} there) or {@code DRCTL_STATE_DIR}, where the run's state
     * directory is. Tests and embedders give their own; the default is the process's.
     */
    default Map<String, String> environment() {
        return System.getenv();
    }
}
