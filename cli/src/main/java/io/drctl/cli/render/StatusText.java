package io.drctl.cli.render;

import static io.drctl.cli.render.TerminalText.safe;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.run.RunStatus;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code drctl status} for people. */
public final class StatusText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Style style;

    public StatusText(Style style) {
        this.style = style;
    }

    public String render(RunStatus s) {
        StringBuilder b = new StringBuilder();
        b.append("Run ")
                .append(style.bold(safe(s.runId())))
                .append(": ")
                .append(state(s.state()))
                .append(s.exitCode().map(c -> " (exit " + c + ")").orElse(""))
                .append('\n');
        b.append("  plan      ")
                .append(safe(s.planName()))
                .append("  ")
                .append(safe(s.planFile()))
                .append('\n');
        b.append("  sha256    ").append(s.planSha256()).append('\n');
        b.append("  mode      ").append(s.mode()).append('\n');
        b.append("  operator  ")
                .append(safe(s.operator()))
                .append(" on ")
                .append(safe(s.host()))
                .append('\n');
        if (s.reason() != null && !s.reason().isBlank()) {
            b.append("  reason    ").append(safe(s.reason())).append('\n');
        }
        b.append("  started   ").append(TIME.format(s.startedAt())).append('\n');
        s.finishedAt()
                .ifPresent(f -> b.append("  finished  ")
                        .append(TIME.format(f))
                        .append("  (")
                        .append(DurationText.format(Duration.between(s.startedAt(), f)))
                        .append(")\n"));
        b.append("  summary   ").append(safe(s.summary())).append('\n');
        b.append("  journal   ")
                .append(
                        s.journalVerifies()
                                ? style.ok("verifies (hash chain and head)")
                                : style.bad("DOES NOT VERIFY: " + safe(s.journalProblem())))
                .append(s.tornTail() ? " (last line torn by a crash; ignored)" : "")
                .append('\n');
        b.append('\n');
        int idWidth = s.steps().stream().mapToInt(st -> st.id().length()).max().orElse(4);
        for (RunStatus.StepStatus st : s.steps()) {
            String elapsed = st.elapsedMs() > 0 ? DurationText.format(Duration.ofMillis(st.elapsedMs())) : "";
            b.append(String.format(
                    "  %-" + idWidth + "s  %-16s %7s  %s%s%n",
                    st.id(),
                    st.state(),
                    elapsed,
                    st.attempts() > 1 ? "(" + st.attempts() + " attempts) " : "",
                    safe(st.detail())));
        }
        for (RunStatus.PendingApproval a : s.pendingApprovals()) {
            b.append('\n')
                    .append(style.warn("Waiting for approval"))
                    .append(" of step ")
                    .append(a.stepId())
                    .append(": ")
                    .append(safe(a.message()))
                    .append("\n  approve: ")
                    .append(safe(a.command()))
                    .append("\n  deny:    ")
                    .append(safe(a.command()))
                    .append(" --deny --comment \"why\"\n");
        }
        return b.toString();
    }

    private String state(String state) {
        return switch (state) {
            case "succeeded" -> style.ok(state);
            case "running" -> style.warn(state);
            default -> style.bad(state);
        };
    }
}
