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
                    chainError = Optional.of("line " + lineNumber + ": sequence " + node.path("seq").asLong()
                            + ", expected " + expectedSeq);
                } else if (!expectedPrev.equals(node.path("prev").asText())) {
                    chainError = Optional.of("line " + lineNumber + ": previous-line hash does not match");
                }
            }
            codec.decode(node).ifPresent(events::add);
            expectedSeq = node.path("seq").asLong() + 1;
            expectedPrev = LineHash.sha256(text);
            validLength = end + 1;
            start = end + 1;
        }
        return new JournalContents(List.copyOf(events), torn, validLength, expectedSeq - 1, expectedPrev, chainError);
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
