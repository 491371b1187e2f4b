package io.drctl.engine.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.secret.Redactor;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * The append-only run journal: one JSON event per line, each carrying its sequence number and
 * the SHA-256 of the previous line, forced to disk before {@link #on} returns, so that a crash
 * loses at most the line being written (which {@link JournalReader} tolerates and
 * {@link #openForAppend} cuts off).
 *
 * <p>Plain streams, not a FileChannel: a channel is closed for good when a thread writing to it
 * is interrupted, and steps are interrupted (timeouts, Ctrl-C) exactly when their failure must
 * still be journaled.
 */
public final class Journal implements RunListener, Closeable {
    public static final String FILE_NAME = "journal.jsonl";

    private final Path file;
    private final FileOutputStream out;
    private final EventCodec codec;
    private final Redactor redactor;
    private final BiConsumer<String, JournalHead> tap;
    private long nextSeq;
    private String previousHash;

    private Journal(
            Path file,
            FileOutputStream out,
            EventCodec codec,
            Redactor redactor,
            long nextSeq,
            String previousHash,
            BiConsumer<String, JournalHead> tap) {
        this.file = file;
        this.out = out;
        this.codec = codec;
        this.redactor = redactor;
        this.nextSeq = nextSeq;
        this.previousHash = previousHash;
        this.tap = tap;
    }

    /** Starts a new journal; fails if one exists. */
    public static Journal create(Path file, EventCodec codec, Redactor redactor) throws IOException {
        return create(file, codec, redactor, (line, head) -> {});
    }

    /**
     * Starts a new journal whose every line, once on disk, is also handed to {@code tap} exactly
     * as written (without its newline) with the head after it, e.g. to mirror it to a surviving site.
     */
    public static Journal create(Path file, EventCodec codec, Redactor redactor, BiConsumer<String, JournalHead> tap)
            throws IOException {
        Files.createFile(file);
        new JournalHead(0, LineHash.GENESIS).write(file);
        return new Journal(file, new FileOutputStream(file.toFile(), true), codec, redactor, 1, LineHash.GENESIS, tap);
    }

    /** Continues an existing journal after its last complete line; a torn tail is cut off first. */
    public static Journal openForAppend(Path file, JournalContents contents, EventCodec codec, Redactor redactor)
            throws IOException {
        return openForAppend(file, contents, codec, redactor, (line, head) -> {});
    }

    /** {@link #openForAppend(Path, JournalContents, EventCodec, Redactor)} with a tap as in {@link #create(Path, EventCodec, Redactor, Consumer)}. */
    public static Journal openForAppend(
            Path file,
            JournalContents contents,
            EventCodec codec,
            Redactor redactor,
            BiConsumer<String, JournalHead> tap)
            throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (raf.length() > contents.validLength()) {
                raf.setLength(contents.validLength());
                raf.getFD().sync();
            }
        }
        // The head now counts every complete line, including one a crash left between its append and its head update.
        new JournalHead(contents.lastSeq(), contents.lastHash()).write(file);
        return new Journal(
                file,
                new FileOutputStream(file.toFile(), true),
                codec,
                redactor,
                contents.lastSeq() + 1,
                contents.lastHash(),
                tap);
    }

    @Override
    public synchronized void on(RunEvent event) {
        ObjectNode envelope = codec.encode(event);
        ObjectNode line = codec.mapper().createObjectNode();
        line.put("seq", nextSeq);
        line.put("prev", previousHash);
        line.setAll(envelope);
        String text = redactor.redact(codec.toLine(line));
        String hash = LineHash.sha256(text);
        JournalHead head;
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
            // After the line is durable: a crash in between leaves one line more than the head
            // counts, which the reader accepts when that line chains onto the head.
            head = new JournalHead(nextSeq, hash);
            head.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal", e);
        }
        nextSeq++;
        previousHash = hash;
        try {
            tap.accept(text, head);
        } catch (RuntimeException e) {
            // a mirror is a copy: the line is safe on disk, and the run must not fail for the copy
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
