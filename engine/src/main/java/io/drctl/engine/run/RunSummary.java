package io.drctl.engine.run;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way a run's step counts are said, for the whole run across resumes: a resume's own
 * session is not the run ("0 succeeded, 1 failed" beside a table of succeeded steps misleads),
 * and steps a halted run never started are counted as not run, not left out.
 */
public record RunSummary(
        int succeeded, int succeededEarlier, int failedContinued, int failed, int skipped, int notRun) {

    /** At the end of a session: its results, the steps done before it, and the plan's steps. */
    static RunSummary of(
            List<String> planSteps,
            Map<String, StepResult> results,
            Set<String> completedEarlier,
            Set<String> skippedEarlier) {
        int ok = 0, earlier = 0, skipped = 0, failed = 0, continued = 0, notRun = 0;
        for (String step : planSteps) {
            StepResult r = results.get(step);
            if (skippedEarlier.contains(step)) {
                skipped++;
                continue;
            }
            if (completedEarlier.contains(step)) {
                earlier++;
                continue;
            }
            switch (r) {
                case null -> notRun++;
                case StepResult.Succeeded s -> ok++;
                case StepResult.Skipped s -> skipped++;
                case StepResult.Failed f -> {
                    if (f.continued()) {
                        continued++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        return new RunSummary(ok + earlier, earlier, continued, failed, skipped, notRun);
    }

    /** From the states {@code drctl status} shows for each step. */
    static RunSummary ofStates(List<String> states) {
        int ok = 0, skipped = 0, failed = 0, continued = 0, notRun = 0;
        for (String state : states) {
            switch (state) {
                case "succeeded" -> ok++;
                case "skipped" -> skipped++;
                case "failed" -> failed++;
                case "failed-continued" -> continued++;
                default -> notRun++; // pending, not-run, interrupted, running, waiting-approval
            }
        }
        return new RunSummary(ok, 0, continued, failed, skipped, notRun);
    }

    public String text() {
        StringBuilder b = new StringBuilder().append(succeeded).append(" succeeded");
        if (succeededEarlier > 0) {
            b.append(" (").append(succeededEarlier).append(" before this resume)");
        }
        if (failedContinued > 0) {
            b.append(", ").append(failedContinued).append(" failed and continued past");
        }
        if (failed > 0) {
            b.append(", ").append(failed).append(" failed");
        }
        if (skipped > 0) {
            b.append(", ").append(skipped).append(" skipped");
        }
        if (notRun > 0) {
            b.append(", ").append(notRun).append(" not run");
        }
        return b.toString();
    }
}
