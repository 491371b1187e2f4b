package io.drctl.engine.run;

import io.drctl.engine.event.RunOutcome;
import java.util.Map;

/** The end of one session of a run. */
public record RunResult(String runId, RunOutcome outcome, String summary, Map<String, StepResult> steps) {}
