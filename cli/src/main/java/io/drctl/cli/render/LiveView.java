package io.drctl.cli.render;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.ApprovalDenied;
import io.drctl.engine.event.RunEvent.ApprovalGiven;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.event.RunEvent.RunFinished;
import io.drctl.engine.event.RunEvent.RunResumed;
import io.drctl.engine.event.RunEvent.RunStarted;
import io.drctl.engine.event.RunEvent.StepChecked;
import io.drctl.engine.event.RunEvent.StepFailed;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepSkipped;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunEvent.StepSucceeded;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.secret.Redactor;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * On a terminal: one row per step (state, elapsed, one-line detail), redrawn in place four
 * times a second; what must stay on screen (run start and end, failures, approvals) is printed
 * above the rows. Pauses while the operator is being asked something.
 */
public final class LiveView implements RunListener, AutoCloseable {
    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final String ESC = "\u001b[";

    private enum State {
        PENDING,
        RUNNING,
        WAITING,
        DONE,
        FAILED,
        SKIPPED
    }

    private static final class Row {
        State state = State.PENDING;
        Instant started;
        Instant ended;
        String detail = "";
    }

    private final PrintWriter out;
    private final Style style;
    private final Redactor redactor;
    private final EventText text;
    private final int width;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int drawnLines;
    private int frame;
    private boolean paused;
    private boolean finished;

    public LiveView(PrintWriter out, Style style, Redactor redactor, List<String> stepIds, int width) {
        this.out = out;
        this.style = style;
        this.redactor = redactor;
        this.text = new EventText(style);
        this.width = Math.max(40, width);
        stepIds.forEach(id -> rows.put(id, new Row()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-view");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void on(RunEvent event) {
        Row row = event.stepId() == null ? null : rows.computeIfAbsent(event.stepId(), k -> new Row());
        switch (event) {
            case RunStarted s -> log(text.describe(s));
            case RunResumed r -> log(text.describe(r));
            case RunFinished f -> {
                redraw();
                drawnLines = 0; // the final rows stay on screen
                finished = true;
                out.println(redactor.redact(text.outcome(f)));
                out.flush();
                return;
            }
            case StepStarted s -> {
                row.state = State.RUNNING;
                if (row.started == null) {
                    row.started = s.at();
                }
                row.detail = s.attempt() > 1 ? "attempt " + s.attempt() : "checking";
            }
            case StepChecked c -> row.detail = c.summary();
            case StepProgress p -> row.detail = p.message();
            case StepSucceeded s -> {
                row.state = State.DONE;
                row.ended = s.at();
                if (!s.applied()) {
                    row.detail = "already done: " + row.detail;
                }
            }
            case StepFailed f -> {
                row.state = f.willRetry() ? State.RUNNING : State.FAILED;
                row.ended = f.willRetry() ? null : f.at();
                row.detail = f.message();
                log(text.line(f));
            }
            case StepSkipped s -> {
                row.state = State.SKIPPED;
                row.detail = s.detail();
            }
            case ApprovalRequested a -> {
                row.state = State.WAITING;
                row.detail = "waiting for approval";
                log(text.line(a));
            }
            case ApprovalGiven g -> {
                unpauseForDecisionFromElsewhere();
                row.state = State.RUNNING;
                row.detail = "approved";
                log(text.line(g));
            }
            case RunEvent.Notice n -> log(text.line(n));
            case RunEvent.StepOverridden o -> {
                row.state = State.PENDING;
                log(text.line(o));
            }
            case ApprovalDenied d -> {
                unpauseForDecisionFromElsewhere();
                row.state = State.RUNNING;
                log(text.line(d));
            }
        }
        redraw();
    }

    /** Stops redrawing while something else (an approval prompt) owns the terminal. */
    public synchronized void pause() {
        redraw();
        drawnLines = 0; // the rows stay above the question
        paused = true;
        out.flush();
    }

    public synchronized void resume() {
        paused = false;
        redraw();
    }

    /** A decision from drctl approve while the prompt waits: end the prompt's line, show rows again. */
    private void unpauseForDecisionFromElsewhere() {
        if (paused) {
            out.println();
            paused = false;
        }
    }

    private synchronized void tick() {
        frame++;
        redraw();
    }

    private void log(String line) {
        if (finished) {
            return;
        }
        clear();
        out.println(redactor.redact(line));
    }

    private void clear() {
        if (drawnLines > 0 && !paused) {
            out.print(ESC + drawnLines + "F" + ESC + "J");
        }
        drawnLines = 0;
    }

    private void redraw() {
        if (paused || finished) {
            return;
        }
        clear();
        int idWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(4);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            String elapsed = r.started == null
                    ? ""
                    : DurationText.format(Duration.between(r.started, r.ended != null ? r.ended : Instant.now()));
            String rest = String.format(
                    " %-" + idWidth + "s  %-9s %7s  ",
                    e.getKey(),
                    r.state.name().toLowerCase(),
                    elapsed);
            // A row must never wrap, or moving the cursor back up would miscount lines.
            int room = width - 3 - rest.length();
            String detail = fit(redactor.redact(r.detail.replace('\n', ' ')), room);
            b.append("  ").append(symbol(r.state)).append(rest).append(detail).append('\n');
        }
        out.print(b);
        out.flush();
        drawnLines = rows.size();
    }

    private String symbol(State s) {
        return switch (s) {
            case PENDING -> style.dim("·");
            case RUNNING -> SPINNER[frame % SPINNER.length];
            case WAITING -> style.warn("?");
            case DONE -> style.ok("✓");
            case FAILED -> style.bad("✗");
            case SKIPPED -> style.dim("–");
        };
    }

    private static String fit(String text, int room) {
        if (room <= 1) {
            return "";
        }
        return text.length() <= room ? text : text.substring(0, room - 1) + "…";
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
