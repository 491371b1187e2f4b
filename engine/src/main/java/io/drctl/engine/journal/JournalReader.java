package io.drctl.engine.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.EventCodec;
import io.drctl.engine.event.RunEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a journal and verifies its hash chain. A last line without its newline, or one that is
 * not JSON, is a torn write from a crash: tolerated and reported, not an error. Damage anywhere
 * else is reported as a chain error.
 */
public final class JournalReader {
    private final EventCodec codec;

    public JournalReader(EventCodec codec) {
        this.codec = codec;
    }

    public JournalContents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DrctlException(ExitCode.USAGE, "cannot read journal " + file + ": " + e.getMessage(), e);
        }
        List<RunEvent> events = new ArrayList<>();
        String expectedPrev = LineHash.GENESIS;
        long expectedSeq = 1;
        long validLength = 0;
        boolean torn = false;
        Optional<String> chainError = Optional.empty();
        String prevOfLast = LineHash.GENESIS;
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = indexOf(bytes, (byte) '\n', start);
            lineNumber++;
            boolean complete = end >= 0;
            String text = new String(bytes, start, (complete ? end : bytes.length) - start, StandardCharsets.UTF_8);
            JsonNode node = parse(text);
            if (!complete || node == null) {
                if (!complete || end + 1 >= bytes.length) {
                    torn = true; // the last line: a write the crash cut short
                    break;
                }
                if (chainError.isEmpty()) {
                    chainError = Optional.of("line " + lineNumber + " is not JSON");
                }
                start = end + 1;
                continue;
            }
            if (chainError.isEmpty()) {
                if (node.path("seq").asLong() != expectedSeq) {
                    chainError = Optional.of("line " + lineNumber + ": sequence "
                            + node.path("seq").asLong() + ", expected " + expectedSeq);
                } else if (!expectedPrev.equals(node.path("prev").asText())) {
                    chainError = Optional.of("line " + lineNumber + ": previous-line hash does not match");
                }
            }
            try {
                codec.decode(node).ifPresent(events::add);
            } catch (IllegalArgumentException e) {
                // a line that chains but says nothing usable: damage, reported, and no reader crashes on it
                if (chainError.isEmpty()) {
                    chainError = Optional.of("line " + lineNumber + ": " + e.getMessage());
                }
            }
            expectedSeq = node.path("seq").asLong() + 1;
            prevOfLast = expectedPrev;
            expectedPrev = LineHash.sha256(text);
            validLength = end + 1;
            start = end + 1;
        }
        if (chainError.isEmpty()) {
            chainError = endError(file, expectedSeq - 1, expectedPrev, prevOfLast);
        }
        return new JournalContents(List.copyOf(events), torn, validLength, expectedSeq - 1, expectedPrev, chainError);
    }

    /**
     * Whether the journal ends where its head says: the same number of lines, the same last
     * line. One complete line more is a crash between an append and its head update, and only
     * if that line chains onto the head; a partial line at the end is a write the head never
     * counted. Anything else means lines were cut, changed or added.
     */
    static Optional<String> endError(Path file, long lines, String lastHash, String prevOfLast) {
        Optional<JournalHead> head;
        try {
            head = JournalHead.read(file);
        } catch (JournalHead.MalformedHead e) {
            return Optional.of(e.getMessage() + ": whether lines are missing at the end cannot be told");
        }
        if (head.isEmpty()) {
            return Optional.of(
                    "no " + JournalHead.FILE_NAME + " beside it: whether lines are missing at the end cannot be told");
        }
        JournalHead h = head.get();
        if (lines == h.lines() && lastHash.equals(h.lastHash())) {
            return Optional.empty();
        }
        if (lines == h.lines() + 1 && prevOfLast.equals(h.lastHash())) {
            return Optional.empty();
        }
        if (lines < h.lines()) {
            long missing = h.lines() - lines;
            return Optional.of("it ends at line " + lines + " but its head counts " + h.lines() + " lines: the last "
                    + missing + (missing == 1 ? " line is" : " lines are") + " missing (cut or deleted)");
        }
        if (lines == h.lines()) {
            return Optional.of("line " + lines + " is not the line its head recorded: the last line was changed");
        }
        return Optional.of(
                "it has " + lines + " lines but its head counts " + h.lines() + ": lines were added after the head");
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = codec.mapper().readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
