package io.drctl.engine.spi;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.secret.Redactor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** What a step sees while it runs. */
public interface StepContext {

    RunInfo run();

    Plan plan();

    StepDefinition definition();

    /** The step's {@code with}, with secret references resolved on access. */
    Params params();

    /**
     * Plan values from outside this step's {@code with} — e.g. a member of {@code spec.databases}
     * that the step names — with secret references resolved on access, like {@link #params()}.
     */
    default Params sectionParams(Map<String, Object> values) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot resolve secrets of plan sections");
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

    /** When the current attempt runs out of time. */
    Instant deadline();

    /** A directory of this run where the step may keep files. */
    Path runDirectory();

    /**
     * An object shared by all steps of this run (or preview) under {@code key}, created on first
     * use: e.g. one Kubernetes client per site, or a site's reachability found once per run.
     * Values that are {@link AutoCloseable} are closed when the run ends.
     */
    <T> T shared(String key, java.util.function.Supplier<T> create);
}
