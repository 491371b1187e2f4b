package io.drctl.cli.report;

import io.drctl.engine.journal.JournalContents;
import io.drctl.engine.plan.Objectives;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunStatus;
import io.drctl.engine.run.RunStatuses;
import io.drctl.engine.run.StateDirectory;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Builds a run's report from its state directory and renders it in the asked format. */
public final class Reports {
    /** The formats a report comes in. */
    public enum Format {
        markdown,
        html,
        junit,
        json
    }

    private Reports() {}

    public static String render(
            StateDirectory state,
            String runId,
            Format format,
            PlanLoader loader,
            Map<String, String> environment,
            Redactor redactor) {
        return render(report(state, runId, loader, environment, redactor), format);
    }

    /** What a report says of a run, before it is put in a format. */
    public static RunReport report(
            StateDirectory state, String runId, PlanLoader loader, Map<String, String> environment, Redactor redactor) {
        RunStatuses statuses = new RunStatuses(state);
        RunStatus status = statuses.of(runId);
        JournalContents journal = statuses.journal(runId);
        Path frozen = state.runDirectory(runId).resolve(RunEngine.FROZEN_PLAN);
        Objectives objectives = objectivesOf(frozen, loader, environment, redactor);
        return RunReport.of(status, journal, objectives);
    }

    public static String render(RunReport report, Format format) {
        return switch (format) {
            case markdown -> MarkdownReport.render(report);
            case html -> HtmlReport.render(report);
            case junit -> JunitReport.render(report);
            case json -> JsonReport.render(report);
        };
    }

    /** The objectives of the plan as the run froze it; none when it cannot be read (the report still says what happened). */
    private static Objectives objectivesOf(
            Path frozen, PlanLoader loader, Map<String, String> environment, Redactor redactor) {
        try {
            String text = Files.readString(frozen, StandardCharsets.UTF_8);
            new SecretReferences(environment, redactor).registerAll(text); // whatever the report prints is masked
            return loader.parse(frozen, text.getBytes(StandardCharsets.UTF_8)).objectives();
        } catch (IOException | RuntimeException e) {
            return new Objectives(Optional.empty(), Optional.empty());
        }
    }
}
