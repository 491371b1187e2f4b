package io.drctl.cli.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.cli.VersionInfo;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.secret.Redactor;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code --output json}: JSON Lines. The first line says which envelope version follows:
 * {@code {"type":"version","schema":"drctl.io/events/v1","drctl":"0.1.0"}}; then one object per
 * event (the journal's envelope without its chain fields), or per result a command reports.
 */
public final class JsonLinesRenderer implements RunListener {
    private final PrintWriter out;
    private final Redactor redactor;
    private final EventCodec codec = new EventCodec();

    public JsonLinesRenderer(PrintWriter out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    /** Writers that have had their version line: whatever fails later must not print a second one. */
    private static final Map<PrintWriter, Boolean> VERSIONED = Collections.synchronizedMap(new WeakHashMap<>());

    /** Whether {@code out} has had its version line already. */
    public static boolean versioned(PrintWriter out) {
        return VERSIONED.containsKey(out);
    }

    public JsonLinesRenderer versionLine() {
        VERSIONED.put(out, Boolean.TRUE);
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("type", "version");
        n.put("schema", EventCodec.SCHEMA);
        n.put("drctl", VersionInfo.version());
        write(n);
        return this;
    }

    @Override
    public synchronized void on(RunEvent event) {
        write(codec.encode(event));
    }

    /** A result that is not an event: {@code {"ts":..,"type":type,"data":data}}. */
    public synchronized void result(String type, Object data) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("ts", Instant.now().toString());
        n.put("type", type);
        n.set("data", codec.mapper().valueToTree(data));
        write(n);
    }

    private synchronized void write(ObjectNode node) {
        out.println(redactor.redact(codec.toLine(node)));
        out.flush();
    }
}
