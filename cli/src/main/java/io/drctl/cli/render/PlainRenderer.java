package io.drctl.cli.render;

import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.secret.Redactor;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Off a terminal: one plain, timestamped (UTC) line per event, for logs and pipes. */
public final class PlainRenderer implements RunListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final EventText text;
    private final Redactor redactor;

    public PlainRenderer(PrintWriter out, Style style, Redactor redactor) {
        this.out = out;
        this.text = new EventText(style);
        this.redactor = redactor;
    }

    @Override
    public synchronized void on(RunEvent event) {
        out.println(redactor.redact(TIME.format(event.at()) + " " + text.line(event)));
        out.flush();
    }
}
