package io.drctl.cli.render;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunEvent.StepProgress;
import io.drctl.engine.event.RunEvent.StepStarted;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.plan.DurationText;
import io.drctl.engine.secret.Redactor;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * Off a terminal: one plain, timestamped (UTC) line per event, for logs and pipes. A long wait
 * does not fill the log: a progress line that says what the step's previous one said is held
 * back (repeated at most every {@link #HEARTBEAT}, so a log still shows the step is alive), and
 * once a step has run a while its progress says how much of its timeout is left.
 */
public final class PlainRenderer implements RunListener {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Shorter waits need no countdown. */
    private static final Duration SAY_TIME_LEFT_AFTER = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final EventText text;
    private final Redactor redactor;
    private final Map<String, Duration> timeouts;
    private final Map<String, Instant> started = new HashMap<>();
    private final Map<String, String> lastProgress = new HashMap<>();
    private final Map<String, Instant> lastShown = new HashMap<>();

    public PlainRenderer(PrintWriter out, Style style, Redactor redactor) {
        this(out, style, redactor, Map.of());
    }

    /** {@code timeouts}: each step's timeout, for the time left on long waits. */
    public PlainRenderer(PrintWriter out, Style style, Redactor redactor, Map<String, Duration> timeouts) {
        this(out, style, redactor, timeouts, true);
    }

    /** {@code answerableHere}: approvals can be answered at this terminal (else the line names only drctl approve). */
    public PlainRenderer(
            PrintWriter out, Style style, Redactor redactor, Map<String, Duration> timeouts, boolean answerableHere) {
        this.out = out;
        this.text = new EventText(style, answerableHere);
        this.redactor = redactor;
        this.timeouts = Map.copyOf(timeouts);
    }

    @Override
    public synchronized void on(RunEvent event) {
        String line = text.line(event);
        if (event instanceof StepStarted s) {
            started.put(s.stepId(), s.at());
        } else if (event instanceof StepProgress p) {
            Instant shown = lastShown.get(p.stepId());
            if (p.message().equals(lastProgress.get(p.stepId()))
                    && shown != null
                    && Duration.between(shown, p.at()).compareTo(HEARTBEAT) < 0) {
                return; // the same news again
            }
            lastProgress.put(p.stepId(), p.message());
            lastShown.put(p.stepId(), p.at());
            line += timeLeft(p.stepId(), p.at());
        }
        out.println(redactor.redact(TIME.format(event.at()) + " " + line));
        out.flush();
    }

    private String timeLeft(String stepId, Instant now) {
        Instant start = started.get(stepId);
        Duration timeout = timeouts.get(stepId);
        if (start == null || timeout == null || Duration.between(start, now).compareTo(SAY_TIME_LEFT_AFTER) < 0) {
            return "";
        }
        Duration left = timeout.minus(Duration.between(start, now));
        return left.isNegative()
                ? ""
                : " (" + DurationText.canonical(left.withNanos(0)) + " left of " + DurationText.canonical(timeout)
                        + ")";
    }
}
