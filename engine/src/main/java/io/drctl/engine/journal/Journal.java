package io.drctl.engine.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.secret.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only run journal: one JSON event per line, each carrying its sequence number and
 * the SHA-256 of the previous line, forced to disk before {@link #on} returns, so that a crash
 * loses at most the line being written (which {@link JournalReader} tolerates and
 * {@link #openForAppend} cuts off).
 */
public final class Journal implements RunListener, Closeable {
    public static final String FILE_NAME = "journal.jsonl";

    private final FileChannel channel;
    private final EventCodec codec;
    private final Redactor redactor;
    private long nextSeq;
    private String previousHash;

    private Journal(FileChannel channel, EventCodec codec, Redactor redactor, long nextSeq, String previousHash) {
        this.channel = channel;
        this.codec = codec;
        this.redactor = redactor;
        this.nextSeq = nextSeq;
        this.previousHash = previousHash;
    }

    /** Starts a new journal; fails if one exists. */
    public static Journal create(Path file, EventCodec codec, Redactor redactor) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Journal(ch, codec, redactor, 1, LineHash.GENESIS);
    }

    /** Continues an existing journal after its last complete line; a torn tail is cut off first. */
    public static Journal openForAppend(Path file, JournalContents contents, EventCodec codec, Redactor redactor)
            throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        if (ch.size() > contents.validLength()) {
            ch.truncate(contents.validLength());
            ch.force(true);
        }
        ch.position(contents.validLength());
        return new Journal(ch, codec, redactor, contents.lastSeq() + 1, contents.lastHash());
    }

    @Override
    public synchronized void on(RunEvent event) {
        ObjectNode envelope = codec.encode(event);
        ObjectNode line = codec.mapper().createObjectNode();
        line.put("seq", nextSeq);
        line.put("prev", previousHash);
        line.setAll(envelope);
        String text = redactor.redact(codec.toLine(line));
        try {
            ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal", e);
        }
        nextSeq++;
        previousHash = LineHash.sha256(text);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
