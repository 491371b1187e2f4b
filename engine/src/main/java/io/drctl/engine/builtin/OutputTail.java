package io.drctl.engine.builtin;

import io.drctl.engine.secret.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Drains one output stream of a child process on its own thread, so a chatty command can never
 * block on a full pipe. Keeps the last {@code limit} bytes (the tail is what explains a
 * failure), remembers the last non-blank line, and hands every line to a listener.
 */
final class OutputTail implements Runnable {
    /** Longer lines are cut for the listener and the last-line memory (the tail keeps them whole). */
    static final int MAX_LINE_BYTES = 1024;

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\t]]");

    private final InputStream in;
    private final int limit;
    private final Consumer<String> lineListener;
    private final Redactor redactor;
    /**
     * Extra bytes kept beyond each cut (line and tail), as long as the longest secret: masking
     * happens on the longer text and the cut after it, so a cut never leaves a secret's prefix
     * or suffix unmasked.
     */
    private final int slack;

    private final byte[] tail;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int tailSize;
    private long totalBytes;
    private String lastLine = "";

    OutputTail(InputStream in, int limit, Consumer<String> lineListener) {
        this(in, limit, lineListener, new Redactor());
    }

    OutputTail(InputStream in, int limit, Consumer<String> lineListener, Redactor redactor) {
        this.in = in;
        this.redactor = redactor;
        this.slack = limit == 0 ? 0 : redactor.longest() * 4; // bytes: up to 4 per character in UTF-8
        this.limit = limit;
        this.lineListener = lineListener;
        // Twice what is kept, so the tail is compacted once per `limit` bytes instead of on every read.
        this.tail = new byte[Math.max(2 * (limit + slack), 1)];
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // The stream was closed under us (the process was killed): keep what was read.
        }
        endOfStream();
    }

    private void append(byte[] buffer, int n) {
        synchronized (this) {
            keepInTail(buffer, n);
        }
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                completeLine();
            } else if (line.size() < MAX_LINE_BYTES + redactor.longest() * 4) {
                line.write(buffer[i]);
            }
        }
    }

    private void keepInTail(byte[] buffer, int n) {
        totalBytes += n;
        if (limit == 0) {
            return;
        }
        int kept = limit + slack;
        if (n >= kept) {
            System.arraycopy(buffer, n - kept, tail, 0, kept);
            tailSize = kept;
            return;
        }
        if (tailSize + n > tail.length) {
            int keep = kept - n;
            System.arraycopy(tail, tailSize - keep, tail, 0, keep);
            tailSize = keep;
        }
        System.arraycopy(buffer, 0, tail, tailSize, n);
        tailSize += n;
    }

    private void completeLine() {
        // Mask first (on the raw line, control characters and all), then clean and cut.
        String text = cut(clean(redactor.redact(line.toString(StandardCharsets.UTF_8))), MAX_LINE_BYTES);
        line.reset();
        if (!text.isBlank()) {
            synchronized (this) {
                lastLine = text;
            }
            lineListener.accept(text);
        }
    }

    private void endOfStream() {
        if (line.size() > 0) {
            completeLine();
        }
    }

    /**
     * The kept tail as text, masked before it is cut to {@code limit} bytes; when earlier output
     * was dropped, it starts at a line boundary after a note.
     */
    synchronized String text() {
        int start = Math.max(0, tailSize - limit - slack);
        byte[] masked = redactor.redact(new String(tail, start, tailSize - start, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        long dropped = totalBytes - (tailSize - start);
        int from = Math.max(0, masked.length - limit);
        dropped += from;
        if (dropped > 0) {
            for (int i = from; i < masked.length; i++) {
                if (masked[i] == '\n') {
                    dropped += i + 1 - from;
                    from = i + 1;
                    break;
                }
            }
        }
        String kept = new String(masked, from, masked.length - from, StandardCharsets.UTF_8);
        return dropped > 0 ? "[drctl: " + dropped + " earlier bytes not kept]\n" + kept : kept;
    }

    /** At most {@code max} bytes of {@code text}, cut at a character. */
    static String cut(String text, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return text;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // not in the middle of a character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    synchronized String lastLine() {
        return lastLine;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    /** A line fit for a one-line status: no colour codes, carriage returns or other controls. */
    static String clean(String raw) {
        return CONTROL.matcher(ANSI_ESCAPE.matcher(raw).replaceAll(""))
                .replaceAll(" ")
                .strip();
    }
}
