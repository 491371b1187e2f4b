package io.drctl.engine.journal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head of a journal's hash chain, kept beside it in {@code journal.head}: how many lines the
 * journal has and the hash of the last one. The chain alone proves each line follows the one
 * before, never that nothing came after: cut the last lines, or rewrite the last one, and what
 * is left still chains. The head, written after every durable append, is what the end must
 * match.
 *
 * @param lines    complete lines in the journal
 * @param lastHash SHA-256 of the last line ({@link LineHash#GENESIS} when there is none)
 */
public record JournalHead(long lines, String lastHash) {
    public static final String FILE_NAME = "journal.head";
    private static final Pattern FORMAT = Pattern.compile("lines (\\d+) last ([0-9a-f]{64})\\n?");

    public static Path fileFor(Path journal) {
        return journal.resolveSibling(FILE_NAME);
    }

    /** The head beside {@code journal}; empty when there is none; an unreadable head is reported as such. */
    public static Optional<JournalHead> read(Path journal) throws MalformedHead {
        String text;
        try {
            text = Files.readString(fileFor(journal), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MalformedHead("cannot read " + fileFor(journal).getFileName() + ": " + e.getMessage());
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new MalformedHead(fileFor(journal).getFileName() + " is not a journal head");
        }
        return Optional.of(new JournalHead(Long.parseLong(m.group(1)), m.group(2)));
    }

    /** The head as journal.head holds it: {@code lines N last HASH}. */
    public String text() {
        return "lines " + lines + " last " + lastHash;
    }

    /** A head from its {@link #text()}; empty when the text is not one. */
    public static Optional<JournalHead> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new JournalHead(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    /** Replaces the head atomically (a new file, forced to disk, renamed over the old one). */
    public void write(Path journal) throws IOException {
        Path head = fileFor(journal);
        Path partial = head.resolveSibling(FILE_NAME + ".partial");
        try (FileOutputStream out = new FileOutputStream(partial.toFile())) {
            out.write((text() + "\n").getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        }
        Files.move(partial, head, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(head.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a crash
        } catch (IOException e) {
            // some file systems cannot sync a directory; the file's content is durable already
        }
    }

    /** A head file that exists but cannot be read as one. */
    public static final class MalformedHead extends Exception {
        public MalformedHead(String message) {
            super(message);
        }
    }
}
